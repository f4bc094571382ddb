import { describe, expect, it } from 'vitest';
import type { AuditReport, MetricStats, RunReport } from '../../src/core/report.ts';
import { evaluateGates } from '../../src/engine/gates.ts';

const st = (mean: number, lo: number, hi: number): MetricStats => ({ n: 3, mean, std: 0, lo, hi, values: [mean, mean, mean], method: 't' });
const run = (metrics: Record<string, number>, stats?: Record<string, MetricStats>): RunReport => ({ id: 'run-0', index: 0, params: {}, status: 'ok', metrics, ...(stats ? { stats } : {}), seconds: 0 });

describe('gates on confidence limits', () => {
  const drift = run({ 'clean.mseDrift': 0.03 }, { 'clean.mseDrift': st(0.03, 0.01, 0.07) });

  it('on: upper is inconclusive when the interval straddles the bound, and inconclusive fails by default', () => {
    const [g] = evaluateGates([{ metric: 'clean.mseDrift', max: 0.05, on: 'upper' }], [drift]);
    expect(g).toMatchObject({ verdict: 'inconclusive', pass: false, on: 'upper', lo: 0.01, hi: 0.07, value: 0.03 });
    expect(g!.message).toContain('upper 95% limit = 0.07 is above the maximum 0.05');
    expect(g!.message).toContain('straddles');
    expect(evaluateGates([{ metric: 'clean.mseDrift', max: 0.05, on: 'upper' }], [drift], undefined, 'pass')[0]).toMatchObject({ verdict: 'inconclusive', pass: true });
  });

  it('on: mean passes the same run, on: lower too; a wholly-above interval fails whatever is read', () => {
    expect(evaluateGates([{ metric: 'clean.mseDrift', max: 0.05 }], [drift])[0]).toMatchObject({ verdict: 'pass', pass: true, lo: 0.01, hi: 0.07 });
    expect(evaluateGates([{ metric: 'clean.mseDrift', max: 0.05, on: 'lower' }], [drift])[0]).toMatchObject({ verdict: 'pass', pass: true });
    const bad = run({ 'clean.mseDrift': 0.2 }, { 'clean.mseDrift': st(0.2, 0.1, 0.3) });
    for (const on of ['mean', 'upper', 'lower'] as const) expect(evaluateGates([{ metric: 'clean.mseDrift', max: 0.05, on }], [bad], undefined, 'pass')[0]).toMatchObject({ verdict: 'fail', pass: false });
  });

  it('messages write numbers as reports do (4 significant digits); the result keeps them whole', () => {
    const success = run({ 'attack.successRate': 2.075 / 3 }, { 'attack.successRate': st(2.075 / 3, 0.5615316721067223, 0.8218016612266112) });
    const [g] = evaluateGates([{ metric: 'attack.successRate', min: 0.8 }], [success]);
    expect(g!.message).toBe('attack.successRate = 0.6917 is below the minimum 0.8; its 95% interval [0.5615, 0.8218] straddles the bound (inconclusive)');
    expect(g).toMatchObject({ value: 2.075 / 3, lo: 0.5615316721067223, hi: 0.8218016612266112 });
  });

  it('a gate on a run without an interval keeps the plain point comparison', () => {
    const [g] = evaluateGates([{ metric: 'clean.mse', max: 0.2, on: 'upper' }], [run({ 'clean.mse': 0.1 })]);
    expect(g).toMatchObject({ verdict: 'pass', pass: true });
    expect(g).not.toHaveProperty('lo');
  });

  it('relative bounds map the interval to an interval of relative changes', () => {
    const baseline = { runs: [run({ 'clean.mse': 0.1 })] } as unknown as AuditReport;
    const now = run({ 'clean.mse': 0.102 }, { 'clean.mse': st(0.102, 0.098, 0.108) });
    const [upper] = evaluateGates([{ metric: 'clean.mse', maxIncrease: 0.05, on: 'upper' }], [now], baseline);
    expect(upper).toMatchObject({ verdict: 'inconclusive', pass: false });
    expect(upper!.message).toBe('clean.mse upper 95% limit rose 8% over the baseline 0.1 (allowed 5%); the 95% interval of its change, [-2%, +8%], straddles the bound (inconclusive)');
    expect(evaluateGates([{ metric: 'clean.mse', maxIncrease: 0.1, on: 'upper' }], [now], baseline)[0]).toMatchObject({ verdict: 'pass' });
  });
});

describe('reporters show intervals', () => {
  it('metricCell adds the 95% interval for repeats and Wilson proportions, not for single trainings', async () => {
    const { metricCell } = await import('../../plugins/reporter/summary.ts');
    expect(metricCell(run({ 'clean.mse': 0.5 }), 'clean.mse')).toBe('0.5');
    expect(metricCell(run({ 'clean.mseDrift': 0.03 }, { 'clean.mseDrift': st(0.03, 0.01, 0.07) }), 'clean.mseDrift')).toBe('0.03 [0.01, 0.07]');
    const w: MetricStats = { n: 1, mean: 0.5, std: 0, lo: 0.2, hi: 0.8, values: [0.5], method: 'wilson', successes: 5, trials: 10 };
    expect(metricCell(run({ tpr: 0.5 }, { tpr: w }), 'tpr')).toBe('0.5 [0.2, 0.8]');
  });
});
