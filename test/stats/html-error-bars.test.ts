import { describe, expect, it } from 'vitest';
import type { AuditReport, RunReport } from '../../src/core/report.ts';
import { sweepFigure } from '../../plugins/reporter/html/figures.ts';

const run = (i: number, value: number, interval?: [number, number]): RunReport => ({
  id: `run-${i}`, index: i, params: { 'attack.nAttack': i * 100 }, status: 'ok', metrics: { 'clean.mseDrift': value }, seconds: 0,
  ...(interval ? { stats: { 'clean.mseDrift': { n: 3, mean: value, std: 0.1, lo: interval[0], hi: interval[1], values: [value, value, value], method: 't' as const } } } : {}),
});
const report = (runs: RunReport[]) => ({ runs, gates: [] }) as unknown as AuditReport;

describe('html sweep bars', () => {
  it('draw an error bar per run with a repeat interval, none without', async () => {
    const withBars = await sweepFigure(report([run(0, 0.1, [0.02, 0.18]), run(1, 0.3, [0.1, 0.5])]), 'clean.mseDrift', 't');
    expect(withBars.svg!.value).toMatch(/mark-rule role-mark/);
    expect(withBars.svg!.value.match(/mark-rule role-mark[^>]*>(.*?)<\/g>/)![1]!.match(/<line/g)).toHaveLength(2);
    const plain = await sweepFigure(report([run(0, 0.1), run(1, 0.3)]), 'clean.mseDrift', 't');
    expect(plain.svg!.value).not.toMatch(/mark-rule role-mark/);
  });
});
