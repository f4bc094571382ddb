import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../../fixtures/plugins/index.ts';
import { runCli } from '../../../src/cli/program.ts';
import { isRegauditError } from '../../../src/core/errors.ts';
import type { AuditReport } from '../../../src/core/report.ts';
import { runAudit } from '../../../src/engine/audit.ts';
import { mergeReports, parseShard, selectShard } from '../../../src/engine/shard.ts';
import { parseSpec } from '../../../src/spec/load.ts';
import { bundledPlugins, extendRegistry } from '../../../src/spec/registry.ts';
import { validateSpec } from '../../../src/spec/validate.ts';

const registry = extendRegistry(bundledPlugins, toyPlugins);
const dir = mkdtempSync(join(tmpdir(), 'regaudit-shard-'));
const text = `name: sharded
seed: 3
data: { train: 200, test: 100 }
oracle: { use: toy-quadratic }
model: { use: toy-ridge, with: { features: 15 } }
attack: { use: toy-corner, with: { nTest: 40 } }
sweep: { attack.nAttack: [0, 20, 40], seed: [1, 2] }
gates:
  - { metric: attack.successRate, max: 0.0001, where: { attack.nAttack: 40, seed: 2 } }
  - { metric: clean.mse, max: 1000, where: { attack.nAttack: 0 } }
`;
const spec = validateSpec(parseSpec(text, 'sharded.yaml'), { registry });

/** The report without timing fields. */
function untimed(r: AuditReport): unknown {
  const { startedAt: _s, seconds: _t, ...rest } = r;
  return { ...rest, runs: r.runs.map(({ seconds: _r, ...run }) => ({ ...run, metrics: Object.fromEntries(Object.entries(run.metrics).filter(([k]) => !k.endsWith('seconds'))) })) };
}

describe('shards', () => {
  it('parse i/n and select runs by index modulo n, covering every run exactly once', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    for (const bad of ['3/3', '1', '-1/2', 'a/b', '0/0']) expect(parseShard(bad)).toBeUndefined();
    const runs = Array.from({ length: 7 }, (_, index) => ({ index }));
    const parts = [0, 1, 2].map((index) => selectShard(runs, { index, count: 3 }).map((r) => r.index));
    expect(parts).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
  });

  it('shard 0/2 + 1/2 merged equals the unsharded report (gates evaluated on the merged runs)', async () => {
    const whole = await runAudit(spec, { outDir: join(dir, 'whole') });
    const s0 = await runAudit(spec, { outDir: join(dir, 's0'), shard: { index: 0, count: 2 } });
    const s1 = await runAudit(spec, { outDir: join(dir, 's1'), shard: { index: 1, count: 2 } });
    expect(s0.report.runs.map((r) => r.id)).toEqual(['run-0', 'run-2', 'run-4']);
    expect(s0.report.shard).toMatchObject({ index: 0, count: 2, runs: 6 });
    expect(whole.report.status).toBe('failed'); // the successRate gate fails for run-5, in shard 1
    const merged = mergeReports([s1.report, s0.report]);
    expect(untimed(merged)).toEqual(untimed(whole.report));
  });

  it('refuses incomplete or mismatched shard sets (exit 2)', async () => {
    const s0 = await runAudit(spec, { outDir: join(dir, 'x0'), shard: { index: 0, count: 2 } });
    const other = await runAudit(validateSpec(parseSpec(text, 'sharded.yaml'), { registry, seed: 9 }), { outDir: join(dir, 'x1'), shard: { index: 1, count: 2 } });
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isRegauditError(e) ? `${e.code} ${e.exitCode} ${e.message}` : String(e);
      }
      return 'no error';
    };
    expect(error(() => mergeReports([s0.report]))).toMatch(/^MERGE_MISMATCH 2 .*shard 1\/2 missing/);
    expect(error(() => mergeReports([s0.report, s0.report]))).toMatch(/appears twice/);
    expect(error(() => mergeReports([s0.report, other.report]))).toMatch(/disagree/);
  });

  it('regaudit run --shard and merge-reports on the command line give the unsharded report.json and exit code', async () => {
    const file = join(dir, 'sharded.audit.yaml');
    writeFileSync(file, text);
    const sink = new Writable({ write: (_c, _e, done) => done() });
    const cli = (...argv: string[]) => runCli(argv, { stdout: sink, stderr: sink, registry });
    expect(await cli('run', file, '--out', join(dir, 'c-whole'), '--no-cache', '--quiet')).toBe(1);
    expect(await cli('run', file, '--out', join(dir, 'c0'), '--shard', '0/2', '--no-cache', '--quiet')).toBe(0);
    expect(await cli('run', file, '--out', join(dir, 'c1'), '--shard', '1/2', '--no-cache', '--quiet')).toBe(1);
    expect(await cli('merge-reports', join(dir, 'c0'), join(dir, 'c1'), '--out', join(dir, 'c-merged'), '--quiet')).toBe(1);
    const read = (d: string) => JSON.parse(readFileSync(join(dir, d, 'sharded', 'report.json'), 'utf8')) as AuditReport;
    expect(untimed(read('c-merged'))).toEqual(untimed(read('c-whole')));
    expect(await cli('merge-reports', join(dir, 'c0'), '--out', join(dir, 'c-bad'), '--quiet')).toBe(2);
  });
});
