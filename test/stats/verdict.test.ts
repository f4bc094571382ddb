import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verdictOf, verdictPasses, worstVerdict, type Estimate, type Reading, type Verdict } from '../../src/stats/verdict.ts';

const estimate = fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b, t]): Estimate => {
  const lo = Math.min(a, b), hi = Math.max(a, b);
  return { lo, hi, mean: Math.min(hi, Math.max(lo, lo + t * (hi - lo))) };
});
const bound = fc.double({ min: -12, max: 12, noNaN: true });
const reading = fc.constantFrom<Reading>('mean', 'upper', 'lower');
const rank = (v: Verdict) => ({ pass: 0, inconclusive: 1, fail: 2 })[v];

describe('gate verdicts', () => {
  it('a max gate: an interval wholly below passes, wholly above fails, whatever is read', () => {
    fc.assert(fc.property(estimate, bound, reading, (e, max, on) => {
      const v = verdictOf(e, { max }, on);
      if (e.hi <= max) expect(v).toBe('pass');
      if (e.lo > max) expect(v).toBe('fail');
      if (e.lo <= max && max < e.hi) expect(v).not.toBe('fail');
    }));
  });

  it('reading the upper limit is the strictest for a max and the most lenient for a min (and the reverse for lower)', () => {
    fc.assert(fc.property(estimate, bound, (e, b) => {
      const max = (on: Reading) => rank(verdictOf(e, { max: b }, on));
      const min = (on: Reading) => rank(verdictOf(e, { min: b }, on));
      expect(max('upper')).toBeGreaterThanOrEqual(max('mean'));
      expect(max('mean')).toBeGreaterThanOrEqual(max('lower'));
      expect(min('lower')).toBeGreaterThanOrEqual(min('mean'));
      expect(min('mean')).toBeGreaterThanOrEqual(min('upper'));
      // The lenient reading is never inconclusive: it passes unless the whole interval is on the wrong side.
      expect(verdictOf(e, { max: b }, 'lower')).not.toBe('inconclusive');
      expect(verdictOf(e, { min: b }, 'upper')).not.toBe('inconclusive');
    }));
  });

  it('with no spread (one training) every reading gives the plain point comparison', () => {
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), bound, bound, (x, a, b) => {
      const e = { mean: x, lo: x, hi: x };
      const [min, max] = [Math.min(a, b), Math.max(a, b)];
      for (const on of ['mean', 'upper', 'lower'] as const) expect(verdictOf(e, { min, max }, on)).toBe(x >= min && x <= max ? 'pass' : 'fail');
    }));
  });

  it('straddling intervals: upper on a max is inconclusive; two bounds combine as the worst', () => {
    const e = { mean: 0.04, lo: 0.01, hi: 0.07 };
    expect(verdictOf(e, { max: 0.05 }, 'upper')).toBe('inconclusive');
    expect(verdictOf(e, { max: 0.05 }, 'mean')).toBe('pass');
    expect(verdictOf({ ...e, mean: 0.06 }, { max: 0.05 }, 'mean')).toBe('inconclusive');
    expect(verdictOf(e, { max: 0.05, min: 0.08 }, 'upper')).toBe('fail');
    expect(verdictOf(e, {}, 'upper')).toBe('pass');
    expect(worstVerdict(['pass', 'inconclusive', 'pass'])).toBe('inconclusive');
    expect(verdictPasses('inconclusive', 'fail')).toBe(false);
    expect(verdictPasses('inconclusive', 'pass')).toBe(true);
    expect(verdictPasses('fail', 'pass')).toBe(false);
  });
});
