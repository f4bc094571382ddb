import { defaultMaxListeners, getMaxListeners } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { runAudit } from '../../src/engine/audit.ts';
import { modelSeedOf } from '../../src/engine/repeats.ts';
import { MemoStageRunner } from '../../src/engine/stage-runner.ts';
import { parseSpec } from '../../src/spec/load.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { validateSpec } from '../../src/spec/validate.ts';

const registry = extendRegistry(bundledPlugins, toyPlugins);
const out = mkdtempSync(join(tmpdir(), 'regaudit-repeats-'));
const base = `
name: toy-repeats
seed: 7
data: { train: 300, test: 150, validation: 60 }
oracle: { use: toy-quadratic }
model: { use: toy-ridge, with: { features: 30 } }
attack: { use: toy-corner, with: { nTest: 80 } }
`;
const spec = (extra: string, repeats?: number) => validateSpec(parseSpec(base + extra, 'toy.yaml'), { registry, repeats });

/** Records the seed, row count and shared epochs of every fit (the spy declares it can share epochs). */
function spyRegistry(fits: { seed: number | undefined; n: number; baseOnly?: unknown }[]) {
  const ridge = toyPlugins.model['toy-ridge'];
  const spy = { ...ridge, canShareEpochs: true, async create(...args: Parameters<typeof ridge.create>) {
    const m = await ridge.create(...args);
    return { ...m, fit: (d: Parameters<NonNullable<typeof m.fit>>[0], c: Parameters<NonNullable<typeof m.fit>>[1], o?: Parameters<NonNullable<typeof m.fit>>[2]) => { fits.push({ seed: o?.seed, n: d.n, baseOnly: o?.baseOnly }); return m.fit!(d, c, o); } };
  } };
  return extendRegistry(registry, { model: { 'toy-ridge': spy } });
}

describe('repeats through the engine', () => {
  it('trains k times: k values per metric, their mean in metrics, a t interval in stats; repeat 0 is the one-training run', async () => {
    const runner = new MemoStageRunner();
    const { report } = await runAudit(spec('repeats: 3\nsweep: { attack.nAttack: [30] }\n'), { outDir: out, runner });
    const r = report.runs[0]!;
    expect(report.statistics).toEqual({ repeats: 3, design: 'paired', inconclusive: 'fail' });
    const s = r.stats!['clean.mse']!;
    expect(s.values).toHaveLength(3);
    expect(new Set(s.values).size).toBe(3);
    expect(r.metrics['clean.mse']).toBeCloseTo((s.values[0]! + s.values[1]! + s.values[2]!) / 3, 15);
    expect(s.lo).toBeLessThan(s.mean);
    expect(s.hi).toBeGreaterThan(s.mean);
    // The paired difference: one clean.mseDelta per repeat, its interval from their spread.
    expect(r.stats!['clean.mseDelta']!.values).toHaveLength(3);
    // Data, labels and poison are shared; each repeat trains a baseline and a poisoned model.
    expect(runner.computed.get('sample')).toBe(2);
    expect(runner.computed.get('poison')).toBe(1);
    expect(runner.computed.get('fit')).toBe(6);
    const single = await runAudit(spec('sweep: { attack.nAttack: [30] }\n'), { outDir: out });
    expect(single.report.runs[0]!.metrics['clean.mse']).toBe(s.values[0]);
    expect(single.report.runs[0]!.stats).toBeUndefined();
    // A rerun in the same process is served entirely from the memo and gives the same numbers.
    const before = new Map(runner.computed);
    const again = await runAudit(spec('repeats: 3\nsweep: { attack.nAttack: [30] }\n'), { outDir: out, runner });
    expect(runner.computed).toEqual(before);
    expect(again.report.runs[0]!.stats).toEqual(r.stats);
    runner.close();
  });

  it('paired: baseline and poisoned fits of a repeat share their seed, repeats do not; unpaired: the baseline has its own', async () => {
    const paired: { seed: number | undefined; n: number }[] = [];
    await runAudit(validateSpec(parseSpec(base + 'repeats: 2\nsweep: { attack.nAttack: [30] }\n', 'toy.yaml'), { registry: spyRegistry(paired) }), { outDir: out });
    const seedsOf = (fits: typeof paired, n: number) => fits.filter((f) => f.n === n).map((f) => f.seed).sort();
    expect(seedsOf(paired, 300)).toEqual(seedsOf(paired, 330));
    expect(new Set(seedsOf(paired, 300)).size).toBe(2);
    const unpaired: typeof paired = [];
    await runAudit(validateSpec(parseSpec(base + 'repeats: 2\ndesign: unpaired\nsweep: { attack.nAttack: [30] }\n', 'toy.yaml'), { registry: spyRegistry(unpaired) }), { outDir: out });
    expect(seedsOf(unpaired, 330)).toEqual(seedsOf(paired, 330));
    expect(seedsOf(unpaired, 300).filter((s) => seedsOf(unpaired, 330).includes(s))).toEqual([]);
    expect(modelSeedOf({ seed: 7, design: 'paired' }, 0, 'baseline')).toBe(modelSeedOf({ seed: 7, design: 'paired' }, 0, 'audited'));
  });

  it('sharedEpochs: each poisoned fit gets its baseline\'s rows and the shared epochs, baselines and control rows train as before', async () => {
    const fits: { seed: number | undefined; n: number; baseOnly?: unknown }[] = [];
    const { report } = await runAudit(validateSpec(parseSpec(base + 'repeats: 2\nsharedEpochs: 4\nsweep: { attack.nAttack: [0, 30] }\n', 'toy.yaml'), { registry: spyRegistry(fits) }), { outDir: out });
    expect(report.statistics).toEqual({ repeats: 2, design: 'paired', inconclusive: 'fail', sharedEpochs: 4 });
    expect(fits.filter((f) => f.n === 330).map((f) => f.baseOnly)).toEqual([{ rows: 300, epochs: 4 }, { rows: 300, epochs: 4 }]);
    expect(fits.filter((f) => f.n === 300).map((f) => f.baseOnly)).toEqual([undefined, undefined]);
    // The control row's audited model is its baseline: drift exactly 0.
    expect(report.runs[0]!.stats!['clean.mseDrift']!.values).toEqual([0, 0]);
  });

  it('sharedEpochs keeps every stage key of a spec without it (0 is the default) and of the baselines; only poisoned fits train anew', async () => {
    const runner = new MemoStageRunner();
    const run = (extra: string) => runAudit(validateSpec(parseSpec(base + 'repeats: 2\nsweep: { attack.nAttack: [30] }\n' + extra, 'toy.yaml'), { registry: spyRegistry([]) }), { outDir: out, runner });
    await run('');
    const fits = runner.computed.get('fit');
    expect(fits).toBe(4);
    await run('sharedEpochs: 0\n');
    expect(runner.computed.get('fit')).toBe(fits);
    await run('sharedEpochs: 3\n');
    expect(runner.computed.get('fit')).toBe(fits! + 2);
    runner.close();
  });

  it('sharedEpochs refuses an attack whose training set does not start with the base rows unchanged (a plugin failure)', async () => {
    const corner = toyPlugins.attack['toy-corner'];
    const editsBase = { ...corner, async poison(...args: Parameters<typeof corner.poison>) {
      const r = await corner.poison(...args);
      const y = Float64Array.from(r.train.y);
      y[0] = y[0]! + 1;
      return { ...r, train: { ...r.train, y } };
    } };
    const registry = extendRegistry(spyRegistry([]), { attack: { 'toy-corner': editsBase } });
    const audit = (extra: string) => runAudit(validateSpec(parseSpec(base + 'sweep: { attack.nAttack: [30] }\n' + extra, 'toy.yaml'), { registry }), { outDir: out });
    const { report } = await audit('sharedEpochs: 3\n');
    expect(report.runs[0]!.status).toBe('errored');
    expect(report.runs[0]!.error!.message).toMatch(/does not start with the 300 base rows unchanged/);
    expect((await audit('')).report.runs[0]!.status).toBe('ok');
  });

  it('an attack that adds nothing: paired gives identical baseline and poisoned models (drift exactly 0); unpaired measures seed noise', async () => {
    const control = 'repeats: 3\nsweep: { attack.nAttack: [0] }\n';
    const { report: p } = await runAudit(spec(control), { outDir: out });
    const pd = p.runs[0]!.stats!['clean.mseDrift']!;
    expect(pd.values).toEqual([0, 0, 0]);
    expect(p.runs[0]!.metrics['clean.mse']).toBe(p.runs[0]!.metrics['baseline.clean.mse']);
    const { report: u } = await runAudit(spec(control + 'design: unpaired\n'), { outDir: out });
    const ud = u.runs[0]!.stats!['clean.mseDrift']!;
    expect(ud.values.every((v) => v !== 0)).toBe(true);
    expect(ud.std).toBeGreaterThan(0);
  });

  it('detector rates carry Wilson intervals with one training, t intervals with repeats; on: upper needs repeats otherwise', async () => {
    const defended = 'search: { seeds: random, randomSeeds: 40, rounds: 2 }\ndefenses: [{ use: toy-residual, with: { fraction: 0.1 } }]\nsweep: { attack.nAttack: [40] }\n';
    const { report } = await runAudit(spec(defended), { outDir: out });
    const tpr = report.runs[0]!.stats!['defense.toy-residual.tpr']!;
    expect(tpr).toMatchObject({ method: 'wilson', n: 1, trials: 40 });
    expect(tpr.lo).toBeLessThanOrEqual(tpr.mean);
    expect(tpr.hi).toBeGreaterThanOrEqual(tpr.mean);
    const { report: rep } = await runAudit(spec(defended, 2), { outDir: out });
    expect(rep.runs[0]!.stats!['defense.toy-residual.tpr']).toMatchObject({ method: 't', n: 2 });
    // With nothing mislabeled the TPR is undefined: left out (no 0 that a gate would read), the FPR kept.
    const { report: control } = await runAudit(spec(defended.replace('[40]', '[0]')), { outDir: out });
    expect(Object.keys(control.runs[0]!.metrics).filter((k) => k.startsWith('defense.toy-residual.'))).toEqual(expect.arrayContaining(['defense.toy-residual.fpr']));
    expect(control.runs[0]!.metrics['defense.toy-residual.tpr']).toBeUndefined();
    expect(control.runs[0]!.stats?.['defense.toy-residual.tpr']).toBeUndefined();
    expect(() => spec('gates: [{ metric: clean.mseDrift, max: 0.05, on: upper }]\n')).toThrow(/needs repeated trainings; set `repeats: 3`/);
    expect(() => spec('gates: [{ metric: clean.mseDrift, max: 0.05, on: upper }]\n', 3)).not.toThrow();
  });
  it('many concurrent repeats listen to one abort signal without a MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(w.name); };
    const signal = new AbortController().signal;
    process.on('warning', onWarning);
    try {
      // Two runs at once in this process, sixteen repeats each, all on one signal.
      const { report } = await runAudit(spec('repeats: 16\nsweep: { attack.nAttack: [30, 40] }\n'), { outDir: out, signal, jobs: 2 });
      expect(report.runs.map((r) => r.stats!['clean.mse']!.values.length)).toEqual([16, 16]);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
    expect(getMaxListeners(signal)).toBe(defaultMaxListeners);
  });
});
