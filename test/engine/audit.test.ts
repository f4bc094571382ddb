import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { ExitCode, invalidOption, RegauditError } from '../../src/core/errors.ts';
import type { RunReport } from '../../src/core/report.ts';
import { preflight, runAudit } from '../../src/engine/audit.ts';
import { MemoStageRunner, type Stage, type StageRunner } from '../../src/engine/stage-runner.ts';
import { createAjv } from '../../src/spec/ajv.ts';
import { parseSpec } from '../../src/spec/load.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { reportSchema } from '../../src/spec/schemas.ts';
import { validateSpec } from '../../src/spec/validate.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const registry = extendRegistry(bundledPlugins, toyPlugins);
const out = mkdtempSync(join(tmpdir(), 'regaudit-engine-'));

const base = `
name: toy
seed: 7
data: { train: 300, test: 150, validation: 60 }
oracle: { use: toy-quadratic }
model: { use: toy-ridge, with: { features: 30 } }
attack: { use: toy-corner, with: { nTest: 80 } }
`;

const spec = (extra: string, options: { scale?: number; attack?: string } = {}) =>
  validateSpec(parseSpec(base.replace(/^attack: .*$/m, options.attack ?? '$&') + extra, 'toy.yaml'), { registry, scale: options.scale });

/** Metrics without timings (which legitimately differ between executions). */
function deterministic(runs: readonly RunReport[]): unknown {
  return runs.map((r) => ({ id: r.id, status: r.status, metrics: Object.fromEntries(Object.entries(r.metrics).filter(([k]) => !/seconds$/.test(k))) }));
}

const uncached: StageRunner = { run: <T>(s: Stage<T>) => s.compute(), close() {} };

describe('runAudit with toy plugins', () => {
  it('runs a sweep: ids in order, paired baseline trained once, poison moves the attack metrics', async () => {
    const runner = new MemoStageRunner();
    const s = spec('sweep: { attack.nAttack: [0, 30, 60] }\n');
    const { report, exitCode } = await runAudit(s, { outDir: out, runner });
    expect(exitCode).toBe(0);
    expect(report.status).toBe('passed');
    expect(report.runs.map((r) => r.id)).toEqual(['run-0', 'run-1', 'run-2']);
    expect(report.runs.map((r) => r.params)).toEqual([{ 'attack.nAttack': 0 }, { 'attack.nAttack': 30 }, { 'attack.nAttack': 60 }]);
    // train + test sampled and labeled once for all runs; one baseline fit (which is also run-0's
    // audited model, since nAttack = 0 changes nothing) plus one poisoned fit per poisoned run.
    expect(runner.computed.get('sample')).toBe(2);
    expect(runner.computed.get('label')).toBe(2);
    expect(runner.computed.get('fit')).toBe(3);
    const [r0, r1, r2] = report.runs.map((r) => r.metrics);
    // nAttack = 0: the poisoned set equals the base set, so the audited model is the baseline: drift 0.
    expect(r0!['clean.mseDrift']).toBe(0);
    expect(r0!['attack.successRate']).toBe(0);
    expect(r1!['attack.nAttack']).toBe(30);
    expect(r2!['attack.successRate']!).toBeGreaterThan(r0!['attack.successRate']!);
    expect(r2!['attack.mse']!).toBeGreaterThan(10 * r0!['attack.mse']!);
    expect(r1!['baseline.clean.mse']).toBe(r0!['baseline.clean.mse']);
    // oracle calls: train 300 + test 150 + 80 attack-test rows + the attacker's rows.
    expect(r0!['oracle.calls']).toBe(300 + 150 + 80);
    expect(r2!['oracle.calls']).toBe(300 + 150 + 80 + 60);
    runner.close();
  });

  it('fits the poisoned model, then its baseline, with the same model seed (paired), differing only by data', async () => {
    const fits: { seed: number | undefined; n: number }[] = [];
    const ridge = toyPlugins.model['toy-ridge'];
    const spy = { ...ridge, async create(...args: Parameters<typeof ridge.create>) {
      const m = await ridge.create(...args);
      return { ...m, fit: (data: Parameters<NonNullable<typeof m.fit>>[0], ctx: Parameters<NonNullable<typeof m.fit>>[1], o?: Parameters<NonNullable<typeof m.fit>>[2]) => { fits.push({ seed: o?.seed, n: data.n }); return m.fit!(data, ctx, o); } };
    } };
    const s = validateSpec(parseSpec(base + 'sweep: { seed: [1, 2] }\n', 'toy.yaml'), { registry: extendRegistry(registry, { model: { 'toy-ridge': spy } }) });
    await runAudit(s, { outDir: out });
    // Each run trains its poisoned model (350 rows) before the shared baseline (300 rows), so parallel
    // runs train their own rows while one of them trains the baseline.
    expect(fits.map((f) => f.n)).toEqual([350, 300, 350, 300]);
    const bySeed = (i: number) => fits.filter((_, j) => Math.floor(j / 2) === i).map((f) => f.seed);
    expect(new Set(bySeed(0)).size).toBe(1);
    expect(new Set(bySeed(1)).size).toBe(1);
    expect(bySeed(0)[0]).not.toBe(bySeed(1)[0]);
  });

  it('gives identical metrics whatever the job count and whether stages are memoized', async () => {
    const s = spec('sweep: { attack.nAttack: [0, 40], seed: [1, 2] }\n');
    const a = await runAudit(s, { outDir: out, jobs: 1, runner: uncached });
    const b = await runAudit(s, { outDir: out, jobs: 3 });
    expect(deterministic(b.report.runs)).toEqual(deterministic(a.report.runs));
    // different seeds give different data
    expect(a.report.runs[0]!.metrics['clean.mse']).not.toBe(a.report.runs[2]!.metrics['clean.mse']);
  });

  it('records a failed gate as data, restricted by where, and exits 1', async () => {
    const s = spec('sweep: { attack.nAttack: [0, 60] }\ngates:\n  - { metric: attack.successRate, max: 0.05 }\n  - { metric: clean.mse, max: 100, where: { attack.nAttack: 0 } }\n');
    const { report, exitCode } = await runAudit(s, { outDir: out });
    expect(exitCode).toBe(1);
    expect(report.status).toBe('failed');
    expect(report.gates.map((g) => [g.metric, g.run, g.pass])).toEqual([
      ['attack.successRate', 'run-0', true],
      ['attack.successRate', 'run-1', false],
      ['clean.mse', 'run-0', true],
    ]);
    expect(report.gates[1]!.message).toContain('above the maximum 0.05');
    expect(report.gates[1]!.value).toBe(report.runs[1]!.metrics['attack.successRate']);
  });

  it('isolates a throwing plugin: its run errors with plugin, stage and cause, others complete, exit 3', async () => {
    const s = spec('sweep: { model.explode: [false, true] }\n');
    const { report, exitCode } = await runAudit(s, { outDir: out });
    expect(exitCode).toBe(3);
    expect(report.status).toBe('errored');
    expect(report.runs[0]!.status).toBe('ok');
    expect(report.runs[0]!.metrics['clean.mse']).toBeGreaterThan(0);
    expect(report.runs[1]!.status).toBe('errored');
    expect(report.runs[1]!.error).toMatchObject({ code: 'PLUGIN_FAILED', plugin: 'toy-ridge', stage: 'fit' });
    expect(report.runs[1]!.error!.cause).toContain('exploded on purpose');
  });

  it('marks a run whose model predicts NaN as errored in the evaluate stage', async () => {
    const { report, exitCode } = await runAudit(spec('sweep: { model.nan: [true] }\n'), { outDir: out });
    expect(exitCode).toBe(3);
    expect(report.runs[0]!.error).toMatchObject({ plugin: 'toy-ridge', stage: 'evaluate' });
  });

  it('refuses a domain the attack cannot use before any run (exit 2 error)', async () => {
    const bad = { ...spec(''), runs: spec('').runs.map((r) => ({ ...r, attack: { ...r.attack!, plugin: { ...r.attack!.plugin, checkDomain: () => { throw new RegauditError('TOY_DOMAIN', 'bad domain', ExitCode.badInput); } } } })) };
    await expect(runAudit(bad, { outDir: out })).rejects.toThrow('bad domain');
  });

  it('fills reporter options with their defaults for library callers, and refuses invalid ones (exit 2) before any run', async () => {
    const json = bundledPlugins.reporter.json!;
    const { outDir } = await runAudit(spec(''), { outDir: join(out, 'lib-defaults'), reporters: [{ plugin: json, options: {} }] });
    expect(JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')).name).toBe('toy');
    const e = await runAudit(spec(''), { outDir: join(out, 'lib-bad'), reporters: [{ plugin: json, options: { indent: 99 } }] }).then(() => undefined, (err: unknown) => err);
    expect(e).toMatchObject({ code: 'INVALID_OPTION', exitCode: 2 });
    expect((e as Error).message).toMatch(/reporters\[0\]\.with\.indent/);
  });

  it('a reporter failing on a run stops the audit only once the runs in flight have ended, starting no other run', async () => {
    const json = bundledPlugins.reporter.json!;
    let reporterFailed!: () => void;
    const failure = new Promise<void>((resolve) => (reporterFailed = resolve));
    const flaky = { ...json, name: 'flaky', onRunEnd: () => { reporterFailed(); throw new Error('disk full'); } };
    let active = 0;
    const started: string[] = [];
    const execute = async (plan: { id: string; index: number; params: Record<string, unknown> }): Promise<RunReport> => {
      started.push(plan.id);
      active++;
      // run-0 ends at once; run-1 is still running when the reporter fails on run-0, and ends after it
      if (plan.index > 0) await failure;
      await new Promise((r) => setTimeout(r, 20));
      active--;
      return { id: plan.id, index: plan.index, params: plan.params, status: 'ok', metrics: {}, seconds: 0 };
    };
    const s = spec('sweep: { attack.nAttack: [0, 10, 20, 30] }\n');
    const e = await runAudit(s, { outDir: join(out, 'flaky'), jobs: 2, execute, reporters: [{ plugin: flaky, options: {} }] }).then(() => undefined, (err: unknown) => err);
    expect(e).toMatchObject({ code: 'PLUGIN_FAILED', origin: { plugin: 'flaky', stage: 'reporter.onRunEnd' } });
    expect(active).toBe(0);
    expect(started).toEqual(['run-0', 'run-1']);
  });

  it('a reporter failing at the end does not stop the reporters after it: report.json is written, then the failure is thrown', async () => {
    const json = bundledPlugins.reporter.json!;
    const broken = { ...json, name: 'broken', onAuditEnd: () => { throw new Error('template missing'); } };
    const dir = join(out, 'broken-reporter');
    const e = await runAudit(spec(''), { outDir: dir, reporters: [{ plugin: broken, options: {} }, { plugin: json, options: {} }] }).then(() => undefined, (err: unknown) => err);
    expect(e).toMatchObject({ code: 'PLUGIN_FAILED', origin: { plugin: 'broken', stage: 'reporter.onAuditEnd' } });
    expect(JSON.parse(readFileSync(join(dir, 'toy', 'report.json'), 'utf8')).status).toBe('passed');
  });

  it("refuses an oracle's options its create refuses before any run, naming the spec file, with or without an attack", async () => {
    const refusing = (r: ReturnType<typeof spec>['runs'][number]) => ({ ...r, attack: undefined, oracle: { ...r.oracle, plugin: { ...r.oracle.plugin, create: () => { throw invalidOption({ plugin: 'toy-quadratic' }, 'offset too large', 'Lower it.'); } } } });
    const bad = { ...spec(''), runs: spec('').runs.map(refusing) };
    const e = await preflight(bad).then(() => undefined, (err: unknown) => err);
    expect(e).toMatchObject({ code: 'INVALID_OPTION', exitCode: 2 });
    // the problem becomes a sentence before the fix, and the spec file is named
    expect((e as Error).message).toMatch(/, plugin toy-quadratic: offset too large\. Lower it\.$/);
    expect((e as RegauditError).origin.file).toBe(bad.file);
  });

  it('checks each plan once: runAudit after preflight (what `regaudit run` does) does not check again', async () => {
    let checks = 0;
    const s = { ...spec(''), runs: spec('').runs.map((r) => ({ ...r, attack: { ...r.attack!, plugin: { ...r.attack!.plugin, checkDomain: () => { checks++; } } } })) };
    await preflight(s);
    expect(checks).toBe(s.runs.length);
    await runAudit(s, { outDir: out });
    expect(checks).toBe(s.runs.length);
  });

  it("preflight creates the oracle under the run's stage key (speed-only options left out), so the run reuses it", async () => {
    // An oracle declaring a speed-only option: its key leaves `offset` out (a real oracle would name a thread count).
    const s = { ...spec(''), runs: spec('').runs.map((r) => ({ ...r, oracle: { ...r.oracle, plugin: { ...r.oracle.plugin, speedOptions: ['offset'] } } })) };
    const memo = new MemoStageRunner();
    const oracleKeys: string[] = [];
    const runner: StageRunner = { run: (stage) => { if (stage.name === 'oracle') oracleKeys.push(stage.key); return memo.run(stage); }, close: () => memo.close() };
    await runAudit(s, { outDir: out, runner });
    runner.close();
    expect(oracleKeys.length).toBe(2); // preflight, then the run
    expect(oracleKeys[1]).toBe(oracleKeys[0]);
    expect(memo.computed.get('oracle')).toBe(1);
  });

  it('runs the search and defenses, scoring suspects against the ground truth', async () => {
    const s = spec('search: { seeds: random, randomSeeds: 40, rounds: 2 }\ndefenses: [{ use: toy-residual, with: { fraction: 0.1 } }, { use: toy-maxflag }]\n', { attack: 'attack: { use: toy-corner, with: { nAttack: 40, nTest: 50 } }' });
    const { report } = await runAudit(s, { outDir: out });
    const m = report.runs[0]!.metrics;
    expect(report.runs[0]!.status).toBe('ok');
    expect(m['search.maximizers']).toBeGreaterThan(0);
    // the worst-fitted rows of a set with 40 mislabeled corner rows are mostly those rows
    expect(m['defense.toy-residual.suspects']).toBe(Math.ceil(0.1 * 340));
    expect(m['defense.toy-residual.tpr']).toBeGreaterThan(0.3);
    expect(m['defense.toy-residual.precision']).toBeGreaterThan(0.3);
    expect(m['defense.toy-residual.fpr']).toBeLessThan(0.1);
    const details = report.runs[0]!.details!;
    expect(details.region).toEqual({ lower: [0.8, 0.8], upper: [1, 1] });
    expect(details.maximizers!.x.length).toBe(m['search.maximizers']);
    expect(details.maximizers!.flagged['toy-maxflag']).toHaveLength(m['defense.toy-maxflag.flagged']!);
    // train 300 + test 150 + attack test 50 + attacker rows 40 + validation 60 + the search's rows
    expect(m['oracle.calls']).toBe(300 + 150 + 50 + 40 + 60 + m['search.oracleCalls']!);
  });

  it('audits an imported model without training it', async () => {
    const s = validateSpec(parseSpec('name: imported\ndata: {test: 100}\noracle: {use: toy-quadratic}\nmodel: {use: toy-fixed, with: {bias: 0.5}}\n', 'i.yaml'), { registry });
    const { report } = await runAudit(s, { outDir: out });
    expect(report.runs[0]!.metrics['clean.mse']).toBeCloseTo(0.25, 12);
    expect(report.runs[0]!.metrics['clean.above']).toBe(1);
    expect(report.runs[0]!.metrics['train.mse']).toBeUndefined();
  });

  it('reads training data from a CSV file relative to the spec, keeping its labels', async () => {
    const csv = ['b,a,value', '0.5,0.25,10', '-0.5,0.75,20', '0,0.5,30', '1,1,40'].join('\n');
    writeFileSync(join(out, 'train.csv'), csv);
    const text = `name: csv\ndata: { train: { path: train.csv }, test: 20 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-fixed }\n`;
    const s = validateSpec(parseSpec(text, join(out, 'csv.audit.yaml')), { registry });
    const { report } = await runAudit(s, { outDir: out });
    const m = report.runs[0]!.metrics;
    // toy-fixed predicts 1 + 2a + b^2: rows give 1.75, 2.75, 2, 4 against the file's labels 10, 20, 30, 40
    const expected = ((10 - 1.75) ** 2 + (20 - 2.75) ** 2 + (30 - 2) ** 2 + (40 - 4) ** 2) / 4;
    expect(m['train.mse']).toBeCloseTo(expected, 9);
    expect(m['oracle.calls']).toBe(20);
  });

  it('writes a report.json that validates against schema/report.schema.json', async () => {
    const json = registry.reporter.json!;
    const s = spec('sweep: { model.explode: [false, true] }\ndefenses: [{ use: toy-maxflag }]\ngates: [{ metric: clean.mse, max: 1 }]\n', { scale: 0.5 });
    const { outDir } = await runAudit(s, { outDir: out, reporters: [{ plugin: json, options: { indent: 2 } }] });
    const written = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
    const ajv = createAjv();
    addFormats.default(ajv);
    const validate = ajv.compile(reportSchema);
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
    expect(written.scale).toBe(0.5);
    // scaled: train 150, test 75, attack-test 40, nAttack 25, validation 30 (the defense's clean set)
    expect(written.runs[0].metrics['oracle.calls']).toBe(150 + 75 + 40 + 25 + 30 + written.runs[0].metrics['search.oracleCalls']);
    // runs[].partial (metrics only some repeats reported) is part of the schema
    expect(validate({ ...written, runs: [{ ...written.runs[0], partial: { 'defense.p.precision': 2 } }] })).toBe(true);
    expect(validate({ ...written, runs: [{ ...written.runs[0], partial: { 'defense.p.precision': 0 } }] })).toBe(false);
    // a broken report does not validate
    written.runs[0].metrics['clean.mse'] = 'high';
    expect(validate(written)).toBe(false);
  });
});
