/**
 * Untrusted specs: a module-path plugin is imported only when allowed (--allow-plugin or
 * regaudit.config.json), and a refused spec imports nothing (the marker module writes a file when
 * imported). Also the memory bound: a spec whose estimate exceeds --max-memory is refused with exit 2.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/program.ts';
import { parseBytes } from '../../../src/engine/memory.ts';

const scale = new URL('../../fixtures/scale/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'regaudit-trust-'));
const marker = join(dir, 'imported.marker');
process.env.REGAUDIT_MARKER = marker;

/** Runs the CLI with the bundled plugins in `cwd`, capturing stderr. */
async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const sink = new Writable({ write: (c, _e, done) => ((stderr += c.toString()), done()) });
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return { code: await runCli(argv, { stdout: new Writable({ write: (_c, _e, done) => done() }), stderr: sink }), stderr };
  } finally {
    process.chdir(before);
  }
}

function specIn(where: string, oracle: string, extra = ''): string {
  mkdirSync(where, { recursive: true });
  const file = join(where, 'm.audit.yaml');
  writeFileSync(file, `name: trust\ndata: { train: 60, test: 30 }\noracle: { use: ${oracle} }\nmodel: { use: ${join(scale, 'toy-linear.ts')} }\n${extra}`);
  return file;
}

afterEach(() => rmSync(marker, { force: true }));

describe('untrusted specs', () => {
  it('refuses a module-path plugin that is not allowed, with exit 2, before importing anything', async () => {
    const file = specIn(join(dir, 'a'), join(scale, 'marker-oracle.ts'));
    for (const cmd of ['run', 'validate']) {
      const r = await cli(dir, cmd, file, ...(cmd === 'run' ? ['--out', join(dir, 'out')] : []));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('PLUGIN_NOT_ALLOWED');
      expect(r.stderr).toContain('--allow-plugin');
      expect(existsSync(marker)).toBe(false);
    }
  });

  it('suggests the --allow-plugin value as seen from the working directory, which then allows the plugin', async () => {
    const specDir = join(dir, 'nested', 'specs');
    mkdirSync(specDir, { recursive: true });
    const use = (target: string) => `./${relative(specDir, target)}`.replace('./../', '../');
    const file = join(specDir, 'rel.audit.yaml');
    writeFileSync(file, `name: rel\ndata: { train: 60, test: 30 }\noracle: { use: barrier }\nmodel: { use: ${use(join(scale, 'toy-linear.ts'))} }\n`);
    const refused = await cli(dir, 'validate', file);
    expect(refused.code).toBe(2);
    const suggested = /--allow-plugin (\S+?)`/.exec(refused.stderr)?.[1];
    expect(suggested).toBe(relative(dir, join(scale, 'toy-linear.ts')));
    const allowed = await cli(dir, 'validate', file, '--allow-plugin', suggested!);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
  });

  it('refuses the whole spec when one of its module plugins is not allowed (nothing imported, even the allowed one)', async () => {
    const file = specIn(join(dir, 'b'), join(scale, 'marker-oracle.ts'));
    const r = await cli(dir, 'run', file, '--allow-plugin', join(scale, 'marker-oracle.ts'), '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model plugin `.*toy-linear.ts` is not a built-in/);
    expect(existsSync(marker)).toBe(false);
  });

  it('imports allowed module plugins named by --allow-plugin (relative to the working directory)', async () => {
    const file = specIn(join(dir, 'c'), join(scale, 'marker-oracle.ts'));
    const r = await cli(scale, 'run', file, '--allow-plugin', './marker-oracle.ts', '--allow-plugin', './toy-linear.ts', '--out', join(dir, 'out'), '--no-cache', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it('imports module plugins listed in regaudit.config.json of the working directory; spec paths are relative to the spec', async () => {
    const work = join(dir, 'd');
    const file = specIn(join(work, 'specs'), './plugins/marker-oracle.ts');
    mkdirSync(join(work, 'specs', 'plugins'), { recursive: true });
    // a module of its own (marker-oracle.ts may already be in this process's module cache)
    writeFileSync(join(work, 'specs', 'plugins', 'marker-oracle.ts'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(process.env.REGAUDIT_MARKER!, 'd');\nexport { default } from '${join(scale, 'toy-oracle.ts')}';\n`);
    writeFileSync(join(work, 'package.json'), '{"type": "module"}\n');
    writeFileSync(join(work, 'regaudit.config.json'), JSON.stringify({ allowPlugins: ['./specs/plugins/marker-oracle.ts', join(scale, 'toy-linear.ts')] }));
    const r = await cli(work, 'run', file, '--out', join(dir, 'out'), '--no-cache', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    writeFileSync(join(work, 'regaudit.config.json'), '{"allowPlugins": "everything"}');
    expect((await cli(work, 'validate', file)).stderr).toContain('CONFIG_INVALID');
  });

  it('refuses a spec whose estimated memory exceeds --max-memory, with exit 2 and the estimate', async () => {
    const file = join(dir, 'big.audit.yaml');
    writeFileSync(file, 'name: big\ndata: { train: 2000000, test: 100000 }\noracle: { use: barrier }\nmodel: { use: mlp }\n');
    const r = await cli(dir, 'run', file, '--max-memory', '512M', '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    // 2e6 train rows x 6 values x 8 bytes x 4 copies = 366 MiB, + test + runtime
    expect(r.stderr).toMatch(/MEMORY_BUDGET.*run-0 needs an estimated [\d.]+ MiB \(train 366\.2 MiB, test [\d.]+ MiB, runtime 256\.0 MiB\).*exceeds --max-memory 512\.0 MiB/);
    expect(parseBytes('1.5GB')).toBe(1.5 * 2 ** 30);
    // Workers execute repeats: two repeats of one run at once hold two copies.
    const repeated = join(dir, 'repeated.audit.yaml');
    writeFileSync(repeated, 'name: repeated\nrepeats: 2\ndata: { train: 1000000, test: 1000 }\noracle: { use: barrier }\nmodel: { use: mlp }\n');
    const twice = await cli(dir, 'run', repeated, '--max-memory', '600M', '--jobs', '2', '--out', join(dir, 'out'));
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/MEMORY_BUDGET.*run-0 needs an estimated 4[\d.]+ MiB .* 2 runs or repeats at once \(--jobs, or the repeats of a run sharing one thread\) need 8[\d.]+ MiB/);
    expect(parseBytes('lots')).toBeUndefined();
  });

  it('checks every spec against --max-memory before running any', async () => {
    const small = join(dir, 'small.audit.yaml');
    writeFileSync(small, 'name: small\ndata: { train: 200, test: 50 }\noracle: { use: barrier }\nmodel: { use: mlp, with: { hidden: [4], maxEpochs: 1 } }\n');
    const big = join(dir, 'big2.audit.yaml');
    writeFileSync(big, 'name: big2\ndata: { train: 2000000, test: 100000 }\noracle: { use: barrier }\nmodel: { use: mlp }\n');
    const out = join(dir, 'out-both');
    const r = await cli(dir, 'run', small, big, '--max-memory', '512M', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MEMORY_BUDGET');
    expect(existsSync(join(out, 'small'))).toBe(false);
  });
});
