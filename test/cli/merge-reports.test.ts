import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { defineReporter } from '../../src/core/reporter.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { runCliCaptured } from './run-cli.ts';

/** A reporter that crashes at the end of the audit. */
const crash = defineReporter({
  kind: 'reporter',
  name: 'crash',
  version: '1.0.0',
  description: 'throws in onAuditEnd',
  optionsSchema: { type: 'object' },
  onAuditEnd() {
    throw new Error('boom');
  },
});

const registry = extendRegistry(bundledPlugins, { ...toyPlugins, reporter: { crash } });
const dir = mkdtempSync(join(tmpdir(), 'regaudit-merge-'));
const cli = (...argv: string[]) => runCliCaptured(argv, { registry });

describe('regaudit merge-reports', () => {
  beforeAll(async () => {
    const file = join(dir, 'merged.audit.yaml');
    writeFileSync(file, `name: merged
seed: 3
data: { train: 100, test: 50 }
oracle: { use: toy-quadratic }
model: { use: toy-ridge, with: { features: 15 } }
sweep: { seed: [1, 2] }
`);
    for (const i of [0, 1]) expect((await cli('run', file, '--out', join(dir, `s${i}`), '--shard', `${i}/2`, '--no-cache', '--quiet')).code).toBe(0);
  });

  it('a reporter that crashes is a PLUGIN_FAILED error naming the reporter and its hook (exit 3), as in `run`', async () => {
    const { code, stderr } = await cli('merge-reports', join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'out'), '--reporter', 'crash', '--quiet');
    expect(code).toBe(3);
    expect(stderr).toMatch(/^error \[PLUGIN_FAILED\]: plugin crash, stage reporter\.onAuditEnd: reporter `crash` failed \(boom\)/);
  });

  it('exits as `run` does: 2 when every run error was bad input (each error keeps its exit code)', async () => {
    const file = join(dir, 'bad-input.audit.yaml');
    writeFileSync(join(dir, 'bad.csv'), 'a,b\n0.5,oops\n');
    writeFileSync(file, `name: bad-input
data: { train: 100, test: { path: bad.csv } }
oracle: { use: toy-quadratic }
model: { use: toy-ridge, with: { features: 15 } }
sweep: { seed: [1, 2] }
`);
    for (const i of [0, 1]) expect((await cli('run', file, '--out', join(dir, `b${i}`), '--shard', `${i}/2`, '--no-cache', '--quiet')).code).toBe(2);
    expect((await cli('merge-reports', join(dir, 'b0'), join(dir, 'b1'), '--out', join(dir, 'b-merged'), '--quiet')).code).toBe(2);
  });

  it('refuses (exit 2) a --baseline written by another spec, as `run` does', async () => {
    const other = join(dir, 'other.audit.yaml');
    writeFileSync(other, 'name: other\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\n');
    expect((await cli('run', other, '--out', join(dir, 'o'), '--no-cache', '--quiet')).code).toBe(0);
    const r = await cli('merge-reports', join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'o-merged'), '--baseline', join(dir, 'o', 'other', 'report.json'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/BASELINE_MISMATCH.*report of spec `other`.*spec `merged`/);
  });
  it('warns of relative gates without --baseline: a shard points to merge-reports, which warns too', async () => {
    const file = join(dir, 'relative.audit.yaml');
    writeFileSync(file, 'name: relative\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\nsweep: { seed: [1, 2] }\ngates: [{ metric: clean.mse, max: 1000 }, { metric: clean.mse, maxIncrease: 0.5 }]\n');
    const shard = await cli('run', file, '--out', join(dir, 'r0'), '--shard', '0/2', '--no-cache', '--quiet');
    expect(shard.stderr).toContain('warning: relative: gates[1] (clean.mse) is relative to a baseline and will fail without one; pass --baseline to merge-reports, which evaluates the gates of the merged shards.');
    await cli('run', file, '--out', join(dir, 'r1'), '--shard', '1/2', '--no-cache', '--quiet');
    const merged = await cli('merge-reports', join(dir, 'r0'), join(dir, 'r1'), '--out', join(dir, 'r-merged'), '--quiet');
    expect(merged.code).toBe(1);
    expect(merged.stderr).toContain('warning: relative: gates[1] (clean.mse) is relative to a baseline and will fail without one; pass --baseline <a previous report.json of this spec> to merge-reports.');
    const based = await cli('merge-reports', join(dir, 'r0'), join(dir, 'r1'), '--out', join(dir, 'r-based'), '--baseline', join(dir, 'r-merged', 'relative', 'report.json'), '--quiet');
    expect(based.code).toBe(0);
    expect(based.stderr).not.toContain('relative to a baseline');
  });

  it('refuses (exit 2, whatever the order) shards whose gates or statistics differ, naming both report files', async () => {
    const spec = (file: string, extra: string) => {
      writeFileSync(join(dir, file), `name: drifted\nseed: 3\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\nsweep: { seed: [1, 2] }\n${extra}`);
      return join(dir, file);
    };
    const loose = spec('loose.audit.yaml', 'gates: [{ metric: clean.mse, max: 1000 }]\n');
    const strict = spec('strict.audit.yaml', 'gates: [{ metric: clean.mse, min: 1000 }]\n');
    const lenient = spec('lenient.audit.yaml', 'gates: [{ metric: clean.mse, max: 1000 }]\ninconclusive: pass\n');
    const shard = async (file: string, i: number, out: string) => expect((await cli('run', file, '--out', join(dir, out), '--shard', `${i}/2`, '--no-cache', '--quiet')).code).toBeLessThanOrEqual(1);
    await shard(loose, 0, 'd0');
    await shard(strict, 1, 'd1');
    await shard(lenient, 1, 'l1');
    const report = (out: string) => join(dir, out, 'drifted', 'report.json');
    for (const [a, b] of [['d0', 'd1'], ['d1', 'd0']] as const) {
      const r = await cli('merge-reports', join(dir, a), join(dir, b), '--out', join(dir, `d-${a}-${b}`), '--quiet');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error [MERGE_MISMATCH]');
      expect(r.stderr).toContain(`${report(a)} (shard ${a === 'd0' ? 0 : 1}/2) and ${report(b)} (shard ${b === 'd0' ? 0 : 1}/2) disagree on the gate definitions`);
      expect(existsSync(join(dir, `d-${a}-${b}`))).toBe(false);
    }
    const r = await cli('merge-reports', join(dir, 'd0'), join(dir, 'l1'), '--out', join(dir, 'l-merged'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/disagree on the statistics \(repeats, design, inconclusive, sharedEpochs\): .*"inconclusive":"fail".* vs .*"inconclusive":"pass"/);
  });
  it('refuses shards of different spec contents (plan fingerprint), but not the same spec checked out in another directory', async () => {
    const copy = (sub: string, features: number) => {
      const where = join(dir, sub);
      mkdirSync(where, { recursive: true });
      writeFileSync(join(where, 'test.csv'), 'a,b\n0.5,0.5\n0.25,0.75\n');
      writeFileSync(join(where, 'planned.audit.yaml'), `name: planned\nseed: 3\ndata: { train: 100, test: { path: test.csv } }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: ${features} } }\nsweep: { seed: [1, 2] }\n`);
      return join(where, 'planned.audit.yaml');
    };
    const [a, elsewhere, changed] = [copy('machine-a', 15), copy('machine-b/deeper', 15), copy('changed', 20)];
    const shard = async (file: string, i: number, out: string) => expect((await cli('run', file, '--out', join(dir, out), '--shard', `${i}/2`, '--no-cache', '--quiet', '--allow-data', dir)).code).toBe(0);
    await shard(a, 0, 'p0');
    await shard(elsewhere, 1, 'p1');
    await shard(changed, 1, 'p1-changed');
    expect((await cli('merge-reports', join(dir, 'p0'), join(dir, 'p1'), '--out', join(dir, 'p-merged'), '--quiet')).code).toBe(0);
    const r = await cli('merge-reports', join(dir, 'p0'), join(dir, 'p1-changed'), '--out', join(dir, 'p-bad'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MERGE_MISMATCH.*disagree on the plan fingerprint/);
  });

  it('refuses (OUT_DIR, exit 2) an --out that is a regular file, before writing anything', async () => {
    const file = join(dir, 'out-file');
    writeFileSync(file, 'not a directory\n');
    const r = await cli('merge-reports', join(dir, 's0'), join(dir, 's1'), '--out', file, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error [OUT_DIR]: at --out: cannot write to ${join(file, 'merged')}: ${file} is a file, not a directory (ENOTDIR). Point --out at a location you can write to (missing directories are created).\n`);
  });

  it('refuses (MERGE_INPUT, exit 2) a shard report whose name is not a spec name (it names the directory under --out), writing nothing', async () => {
    for (const [i, name] of ['../../escaped/MERGED', 'a/b', '.hidden'].entries()) {
      const forged = [0, 1].map((shard) => join(dir, `forged${i}-${shard}`));
      for (const [shard, copy] of forged.entries()) {
        cpSync(join(dir, `s${shard}`), copy, { recursive: true });
        const report = join(copy, 'merged', 'report.json');
        writeFileSync(report, JSON.stringify({ ...JSON.parse(readFileSync(report, 'utf8')), name }));
      }
      const file = join(forged[0]!, 'merged', 'report.json');
      const out = join(dir, `forged-out${i}`, 'a', 'b');
      const r = await cli('merge-reports', ...forged, '--out', out, '--reporter', 'junit', '--quiet');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error [MERGE_INPUT]: ${file}, at name: the shard report's name ${JSON.stringify(name)} is not a valid spec name (1 to 120 characters matching ^[A-Za-z0-9][A-Za-z0-9._-]*$), so it cannot name the merged report's directory under --out. Pass report directories written by \`regaudit run --shard i/n\`.\n`);
      expect(existsSync(join(dir, `forged-out${i}`))).toBe(false);
    }
    expect(existsSync(join(dir, 'escaped'))).toBe(false);
  });
});
