import { describe, expect, it } from 'vitest';
import { combineRepeats } from '../../src/stats/repeats.ts';
import { meanInterval, wilson } from '../../src/stats/interval.ts';

describe('combineRepeats', () => {
  it('keeps k values per metric, their mean, and a t interval around it', () => {
    const { metrics, stats } = combineRepeats([{ metrics: { a: 1, b: 5 } }, { metrics: { a: 2, b: 5 } }, { metrics: { a: 4, b: 5 } }]);
    expect(metrics).toEqual({ a: 7 / 3, b: 5 });
    expect(stats.a).toMatchObject({ n: 3, values: [1, 2, 4], method: 't' });
    expect(stats.a!.lo).toBeLessThan(7 / 3);
    expect(stats.a!.hi).toBeGreaterThan(7 / 3);
    expect(stats.b).toMatchObject({ std: 0, lo: 5, hi: 5 });
  });

  it('one repeat keeps the metrics exactly and gives Wilson intervals for counted proportions only', () => {
    const { metrics, stats } = combineRepeats([{ metrics: { 'clean.mse': 0.3, 'defense.p.tpr': 0.5 }, counts: { 'defense.p.tpr': { successes: 5, trials: 10 } } }]);
    expect(metrics).toEqual({ 'clean.mse': 0.3, 'defense.p.tpr': 0.5 });
    expect(stats['clean.mse']).toBeUndefined();
    expect(stats['defense.p.tpr']).toMatchObject({ n: 1, method: 'wilson', successes: 5, trials: 10 });
    expect(stats['defense.p.tpr']!.lo).toBeLessThan(0.5);
  });

  it('a metric only some repeats report is left out (undefined in the others), not averaged over those', () => {
    const { metrics, stats, partial } = combineRepeats([{ metrics: { a: 1 } }, { metrics: { a: 3, c: 2 } }]);
    expect(metrics).toEqual({ a: 2 });
    expect(stats.c).toBeUndefined();
    expect(partial).toEqual({ c: 1 });
  });

  it('a detector rate reported by one of three repeats gets no Wilson interval and no mean', () => {
    // precision is left out of a repeat whose detector flagged nothing (no trials)
    const { metrics, stats } = combineRepeats([
      { metrics: { 'defense.p.tpr': 0, 'defense.p.flagged': 0 }, counts: { 'defense.p.tpr': { successes: 0, trials: 10 } } },
      { metrics: { 'defense.p.tpr': 0.4, 'defense.p.precision': 1, 'defense.p.flagged': 4 }, counts: { 'defense.p.tpr': { successes: 4, trials: 10 }, 'defense.p.precision': { successes: 4, trials: 4 } } },
      { metrics: { 'defense.p.tpr': 0, 'defense.p.flagged': 0 }, counts: { 'defense.p.tpr': { successes: 0, trials: 10 } } },
    ]);
    expect(Object.keys(metrics)).toEqual(['defense.p.tpr', 'defense.p.flagged']);
    expect(stats['defense.p.precision']).toBeUndefined();
    expect(stats['defense.p.tpr']).toMatchObject({ n: 3, method: 't', values: [0, 0.4, 0] });
  });

  it('a rate reported by two of three repeats is left out too, not given a t interval over two', () => {
    const { metrics, stats, partial } = combineRepeats([{ metrics: { r: 0.5 } }, { metrics: { r: 0.7 } }, { metrics: {} }]);
    expect(metrics).toEqual({});
    expect(stats).toEqual({});
    expect(partial).toEqual({ r: 2 });
  });

  it('over repeats, a counted rate covers the pooled Wilson interval: three agreeing zeros are not [0, 0]', () => {
    const zero = { metrics: { fpr: 0 }, counts: { fpr: { successes: 0, trials: 500 } } };
    const { stats } = combineRepeats([zero, zero, zero]);
    expect(stats.fpr).toMatchObject({ n: 3, mean: 0, std: 0, lo: 0, method: 't', successes: 0, trials: 1500 });
    expect(stats.fpr!.hi).toBeCloseTo(wilson(0, 1500).hi, 12);
    expect(stats.fpr!.hi).toBeGreaterThan(0.002);
  });

  it("keeps an interval inside its metric's range ([0, 1] for a proportion), and leaves unbounded metrics' t intervals alone", () => {
    const values = [0, 0.015, 0];
    const repeats = values.map((v) => ({ metrics: { 'attack.successRate': v, 'clean.mseDrift': v - 0.01 } }));
    const { stats } = combineRepeats(repeats, (m) => (m === 'attack.successRate' ? [0, 1] : [-Infinity, Infinity]));
    expect(stats['attack.successRate']!.lo).toBe(0);
    expect(stats['attack.successRate']!.hi).toBeCloseTo(meanInterval(values).hi, 12);
    expect(stats['clean.mseDrift']!.lo).toBeCloseTo(meanInterval(values.map((v) => v - 0.01)).lo, 12);
    expect(stats['clean.mseDrift']!.lo).toBeLessThan(-0.02);
  });

  it('keeps a non-negative metric\'s lower limit at 0 (a count such as search.inRegion)', () => {
    const { stats } = combineRepeats([{ metrics: { c: 2 } }, { metrics: { c: 393 } }], () => [0, Infinity]);
    expect(stats.c!.lo).toBe(0);
    expect(stats.c!.hi).toBeCloseTo(meanInterval([2, 393]).hi, 9);
  });
});
