import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { runCliCaptured, runCliIn } from './run-cli.ts';

const registry = extendRegistry(bundledPlugins, toyPlugins);
const dir = mkdtempSync(join(tmpdir(), 'regaudit-run-'));
const cli = (...argv: string[]) => runCliCaptured(argv, { registry });

/** A toy spec file named `name` (file `<file>.audit.yaml`, default the name). */
function spec(name: string, file = name): string {
  const path = join(dir, `${file}.audit.yaml`);
  writeFileSync(path, `name: ${name}\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\n`);
  return path;
}

/** A regular file where a directory is expected. */
function regularFile(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, 'not a directory\n');
  return path;
}

describe('regaudit run refuses, before any work, what would fail or lose reports later (exit 2)', () => {
  it('a memory budget counting the repeats that share one thread (--jobs 1 trains all of a run\'s repeats at once)', async () => {
    const r = await cli('run', spec('mem'), '--repeats', '5', '--jobs', '1', '--max-memory', '1K', '--no-cache', '--quiet', '--out', join(dir, 'mem-out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MEMORY_BUDGET.* 5 runs or repeats at once/);
  });

  it('a --stage-timeout above Node\'s timer limit, giving the maximum; the maximum itself runs', async () => {
    const file = spec('timeout');
    const r = await cli('run', file, '--out', join(dir, 'timeout-out'), '--no-cache', '--quiet', '--stage-timeout', '3000000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stage-timeout.*at most 2147483 .*got "3000000"/);
    expect(existsSync(join(dir, 'timeout-out'))).toBe(false);
    expect((await cli('run', file, '--out', join(dir, 'timeout-out'), '--no-cache', '--quiet', '--stage-timeout', '2147483')).code).toBe(0);
  });

  it('two specs of one name, or one spec twice, naming both files and the fix', async () => {
    const a = spec('twin', 'twin-a'), b = spec('twin', 'twin-b');
    const out = join(dir, 'twins');
    const r = await cli('run', a, b, '--out', out, '--no-cache', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error [DUPLICATE_SPEC_NAME]: ${b}: spec name \`twin\` is also the name of ${a}; both audits would write ${join(out, 'twin')}`);
    expect(r.stderr).toMatch(/Rename one of the specs .* different --out\.\n$/);
    const twice = await cli('run', a, a, '--out', out, '--no-cache', '--quiet');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/DUPLICATE_SPEC_NAME.*the spec is given twice.*Pass each spec once\./);
    expect(existsSync(out)).toBe(false);
  });

  it('an --out that is a regular file, or lies under one, naming the path and the problem', async () => {
    const file = spec('outs');
    const blocker = regularFile('out-is-a-file');
    const r = await cli('run', file, '--out', blocker, '--no-cache', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error [OUT_DIR]: at --out: cannot write to ${join(blocker, 'outs')}: ${blocker} is a file, not a directory (ENOTDIR). Point --out at a location you can write to (missing directories are created).\n`);
    const below = await cli('run', file, '--out', join(blocker, 'deeper'), '--no-cache', '--quiet');
    expect(below.code).toBe(2);
    expect(below.stderr).toMatch(/OUT_DIR.*is a file, not a directory/);
  });

  it('a --cache-dir that is a regular file, as `regaudit cache` does (CACHE_DIR)', async () => {
    const file = spec('cached');
    const cache = regularFile('cache-is-a-file');
    const out = join(dir, 'cached-out');
    const r = await cli('run', file, '--out', out, '--cache-dir', cache, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error [CACHE_DIR]: ${cache}: is not a directory. Pass a directory as --cache-dir (\`regaudit run\` creates a missing one).\n`);
    expect(existsSync(out)).toBe(false);
    const info = await cli('cache', 'info', '--cache-dir', cache);
    expect(info.stderr).toBe(r.stderr);
    const under = await cli('run', file, '--out', out, '--cache-dir', join(cache, 'sub'), '--quiet');
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(/CACHE_DIR.*one of its parents is not a directory/);
  });

  it.skipIf(!existsSync('/proc/self'))('an --out or --cache-dir that cannot be created where mkdir says ENOENT under an existing parent (procfs: Node\'s recursive mkdir hung there)', async () => {
    const file = spec('procfs');
    const out = await cli('run', file, '--out', '/proc/regaudit-no-such-dir', '--no-cache', '--quiet');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/OUT_DIR.*\/proc\/regaudit-no-such-dir.*ENOENT/);
    const cache = await cli('run', file, '--out', join(dir, 'procfs-out'), '--cache-dir', '/proc/regaudit-no-such-dir', '--quiet');
    expect(cache.code).toBe(2);
    expect(cache.stderr).toBe('error [CACHE_DIR]: /proc/regaudit-no-such-dir: cannot be created (ENOENT). Pass a --cache-dir this user can create and write, or --no-cache.\n');
    expect(existsSync(join(dir, 'procfs-out', 'procfs', 'report.json'))).toBe(false);
  });

  it('leaves no cache directory behind when it refuses a spec before any work', async () => {
    const cache = join(dir, 'refused-cache');
    const r = await cli('run', spec('refused'), '--out', regularFile('refused-out'), '--cache-dir', cache, '--quiet');
    expect(r.code).toBe(2);
    expect(existsSync(cache)).toBe(false);
    expect((await cli('run', spec('accepted'), '--out', join(dir, 'accepted-out'), '--cache-dir', cache, '--quiet')).code).toBe(0);
    expect(existsSync(cache)).toBe(true);
  });

  it('--no-cache with --cache-dir, which contradict each other (CACHE_DIR)', async () => {
    const r = await cli('run', spec('nocache'), '--out', join(dir, 'nocache-out'), '--no-cache', '--cache-dir', join(dir, 'c'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CACHE_DIR.*--no-cache and --cache-dir contradict each other.*Drop one of them/);
  });
});

describe('regaudit run writes reports under the working directory only where it really lies', () => {
  it('refuses (OUT_DIR_OUTSIDE, exit 2) a symbolic link at the default --out `reports` leading out of the checkout, however --out names it; a directory outside the checkout is followed', async () => {
    const checkout = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-checkout-')));
    const attacker = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-atk-')));
    symlinkSync(attacker, join(checkout, 'reports'));
    writeFileSync(join(checkout, 'spec.yaml'), 'name: victim\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\nreporters: [{ use: markdown, with: { file: .bashrc } }]\n');
    const r = await runCliIn(checkout, ['run', 'spec.yaml', '--no-cache', '--quiet'], { registry });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error [OUT_DIR_OUTSIDE]: at --out: the output directory ${join('reports', 'victim')} lies in the working directory ${checkout} but a symbolic link there leads it to ${join(attacker, 'victim')}, outside. Remove the symbolic link, or give --out a directory outside the working directory to write there on purpose.\n`);
    expect(readdirSync(attacker)).toEqual([]);
    // Deeper, or named by an absolute path into the checkout (--out "$PWD/reports", as CI scripts write it): the same link, refused.
    for (const out of ['reports/deeper', join(checkout, 'reports')]) {
      const refused = await runCliIn(checkout, ['run', 'spec.yaml', '--out', out, '--no-cache', '--quiet'], { registry });
      expect(refused.stderr, out).toMatch(/^error \[OUT_DIR_OUTSIDE\]/);
    }
    expect(readdirSync(attacker)).toEqual([]);
    // A directory outside the checkout as written (relative with `..`, or absolute) is the operator's choice.
    const sibling = `${basename(attacker)}-sibling`;
    const outside = await runCliIn(checkout, ['run', 'spec.yaml', '--out', join('..', sibling), '--no-cache', '--quiet'], { registry });
    expect(outside.code).toBe(0);
    expect(readFileSync(join(dirname(checkout), sibling, 'victim', '.bashrc'), 'utf8')).toContain('victim');
  });

  it('refuses a cache directory in the checkout that a symbolic link leads out (run and cache prune), before writing or deleting anything', async () => {
    const checkout = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-checkout-')));
    const victim = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-victim-')));
    writeFileSync(join(victim, 'keep.bin'), 'not a cache entry');
    symlinkSync(victim, join(checkout, '.regaudit-cache'));
    writeFileSync(join(checkout, 'spec.yaml'), 'name: cached\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\n');
    const r = await runCliIn(checkout, ['run', 'spec.yaml', '--out', 'out', '--quiet'], { registry });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error [OUT_DIR_OUTSIDE]: at --cache-dir: the output directory ${join(checkout, '.regaudit-cache')} lies in the working directory ${checkout} but a symbolic link there leads it to ${victim}`);
    const prune = await runCliIn(checkout, ['cache', 'prune', '--max-size', '0'], { registry });
    expect(prune.code).toBe(2);
    expect(readdirSync(victim)).toEqual(['keep.bin']);
  });

  it('refuses a dangling symbolic link at --out by where it points, not with a confusing mkdir error', async () => {
    const checkout = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-checkout-')));
    symlinkSync('/nonexistent-regaudit/x', join(checkout, 'reports'));
    writeFileSync(join(checkout, 'spec.yaml'), 'name: dangling\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\n');
    const r = await runCliIn(checkout, ['run', 'spec.yaml', '--no-cache', '--quiet'], { registry });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`leads it to ${join('/nonexistent-regaudit/x', 'dangling')}, outside`);
  });

  it('follows a symbolic link that stays inside the working directory', async () => {
    const checkout = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-checkout-')));
    mkdirSync(join(checkout, 'build'));
    symlinkSync(join(checkout, 'build'), join(checkout, 'reports'));
    writeFileSync(join(checkout, 'spec.yaml'), 'name: inside\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\n');
    expect((await runCliIn(checkout, ['run', 'spec.yaml', '--no-cache', '--quiet'], { registry })).code).toBe(0);
    expect(existsSync(join(checkout, 'build', 'inside', 'report.json'))).toBe(true);
  });
});
