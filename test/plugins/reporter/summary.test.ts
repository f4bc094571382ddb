import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../src/core/format.ts';
import { compareWithBaseline, gateBounds, gateRows, gateValue, gateVerdict, metricColumns } from '../../../plugins/reporter/summary.ts';
import type { GateResult } from '../../../src/core/report.ts';
import { baselineReport, sampleReport } from './reports.ts';

const gate = (g: Partial<GateResult>): GateResult => ({ metric: 'clean.mse', value: 0.5, pass: true, run: 'run-0', ...g });

describe('report summary helpers', () => {
  it('states every kind of bound', () => {
    expect(gateBounds(gate({ min: 0.1, max: 0.2 }))).toBe('0.1 ≤ clean.mse ≤ 0.2');
    expect(gateBounds(gate({ min: 0.1 }))).toBe('clean.mse ≥ 0.1');
    expect(gateBounds(gate({ maxIncrease: 0.05, baseline: 0.03 }))).toBe('clean.mse rise ≤ +5% over baseline 0.03');
    expect(gateBounds(gate({ max: 1, maxDecrease: 0.1, baseline: null }))).toBe('clean.mse ≤ 1, fall ≤ 10% over baseline n/a');
  });

  it('turns gates into table rows: run labels, a baseline cell only where a gate has one, unknown runs by id', () => {
    const report = sampleReport();
    const { withBaseline, rows } = gateRows(report);
    expect(withBaseline).toBe(true);
    expect(rows).toHaveLength(report.gates.length);
    rows.forEach((row, i) => {
      const g = report.gates[i]!;
      expect(row.pass).toBe(g.pass);
      expect(row.bounds).toBe(gateBounds(g));
      expect(row.value).toBe(gateValue(g));
      expect(row.baseline).toBe(g.baseline === undefined ? '' : formatNumber(g.baseline));
      expect(row.run.startsWith(g.run)).toBe(true);
    });
    const orphan = gateRows({ ...report, gates: [gate({ run: 'run-99', verdict: 'inconclusive', message: 'why' })] });
    expect(orphan).toEqual({ withBaseline: false, rows: [{ pass: true, inconclusive: true, bounds: 'clean.mse: no bound', run: 'run-99', value: '0.5', baseline: '', note: 'why' }] });
  });

  it('shows the interval and the end compared, and says when a verdict is inconclusive', () => {
    const g = gate({ max: 0.4, lo: 0.35, hi: 0.65, on: 'upper', verdict: 'inconclusive', pass: false, message: 'straddles' });
    expect(gateValue(g)).toBe('0.5 [0.35, 0.65] (upper)');
    expect(gateVerdict(g)).toBe('straddles (value 0.5 [0.35, 0.65] (upper), bound: clean.mse ≤ 0.4)');
    expect(gateVerdict({ ...g, message: undefined })).toBe('clean.mse inconclusive: the interval straddles the bound; value 0.5 [0.35, 0.65] (upper), bound: clean.mse ≤ 0.4');
    // passed only by `inconclusive: pass`: never written as "within" the bound
    expect(gateVerdict({ ...g, pass: true })).toBe('clean.mse inconclusive, passed by `inconclusive: pass`: straddles (value 0.5 [0.35, 0.65] (upper), bound: clean.mse ≤ 0.4)');
    expect(gateVerdict(gate({ max: 0.4, value: 0.5, pass: false, maxIncrease: 0.1, baseline: 0.4 }))).toBe('clean.mse value 0.5 (+25% vs baseline), bound: clean.mse ≤ 0.4, rise ≤ +10% over baseline 0.4');
  });

  it('lists gated metrics first, then key metrics and defense rates present in some run', () => {
    expect(metricColumns(sampleReport())).toEqual(['clean.mseDrift', 'attack.successRate', 'clean.mse', 'defense.proximity.fpr', 'defense.proximity.tpr']);
    expect(metricColumns(sampleReport(), 2)).toEqual(['clean.mseDrift', 'attack.successRate']);
  });

  it('compares runs with the baseline run of the same id', () => {
    const rows = compareWithBaseline(sampleReport(), baselineReport(), ['clean.mse']);
    expect(rows.map((r) => r.run)).toEqual(['run-0', 'run-1']);
    for (const r of rows) expect(r.change).toBeCloseTo(1 / 0.9 - 1, 12);
  });
});
