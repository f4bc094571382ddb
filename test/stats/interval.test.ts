import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { meanInterval, wilson } from '../../src/stats/interval.ts';

describe('meanInterval', () => {
  it('covers the true mean of normal data about 95% of the time (2000 seeded intervals per k)', () => {
    for (const k of [3, 5, 10]) {
      const rng = new Rng(2024, 'coverage', k);
      let cover = 0;
      const trials = 2000;
      for (let t = 0; t < trials; t++) {
        const values = Array.from({ length: k }, () => 5 + 2 * rng.normal());
        const e = meanInterval(values);
        if (e.lo <= 5 && 5 <= e.hi) cover++;
      }
      // Binomial(2000, 0.95) has sd 0.0049: 0.93..0.97 is four sd either side.
      expect(cover / trials).toBeGreaterThan(0.93);
      expect(cover / trials).toBeLessThan(0.97);
    }
  });

  it('a normal-quantile (z) interval would undercover at k = 3, which is why t is used', () => {
    const rng = new Rng(7, 'z-undercover');
    let cover = 0;
    for (let t = 0; t < 2000; t++) {
      const values = Array.from({ length: 3 }, () => rng.normal());
      const e = meanInterval(values);
      const zHalf = 1.959963984540054 * (e.std / Math.sqrt(3));
      if (Math.abs(e.mean) <= zHalf) cover++;
    }
    expect(cover / 2000).toBeLessThan(0.9);
  });

  it('has the textbook numbers and degenerates to the point for one value or equal values', () => {
    const e = meanInterval([1, 2, 3]);
    expect(e.mean).toBe(2);
    expect(e.std).toBe(1);
    expect(e.hi - e.mean).toBeCloseTo(4.302652730 / Math.sqrt(3), 8);
    expect(meanInterval([0.25])).toEqual({ n: 1, mean: 0.25, std: 0, lo: 0.25, hi: 0.25 });
    expect(meanInterval([3, 3, 3])).toMatchObject({ std: 0, lo: 3, hi: 3 });
    expect(() => meanInterval([])).toThrow(RangeError);
  });
});

describe('wilson', () => {
  it('0 and n successes: the interval is pinned at 0 (or 1) and still has width', () => {
    const none = wilson(0, 20);
    expect(none.lo).toBe(0);
    expect(none.hi).toBeCloseTo(3.8415 / (20 + 3.8415), 4);
    const all = wilson(20, 20);
    expect(all.hi).toBe(1);
    expect(all.lo).toBeCloseTo(1 - none.hi, 12);
    expect(wilson(0, 0)).toMatchObject({ rate: 0, lo: 0, hi: 1 });
  });

  it('matches a published value and narrows with more trials', () => {
    // 81 of 263: the Wilson formula evaluated independently in Python gives (0.25529, 0.36621).
    const w = wilson(81, 263);
    expect(w.lo).toBeCloseTo(0.25529, 5);
    expect(w.hi).toBeCloseTo(0.36621, 5);
    expect(wilson(810, 2630).hi - wilson(810, 2630).lo).toBeLessThan(w.hi - w.lo);
  });

  it('covers p about 95% of the time on seeded binomial draws and stays within [0, 1]', () => {
    const rng = new Rng(99, 'wilson-coverage');
    let cover = 0;
    const p = 0.1, n = 60;
    for (let t = 0; t < 2000; t++) {
      let s = 0;
      for (let i = 0; i < n; i++) if (rng.next() < p) s++;
      const w = wilson(s, n);
      expect(w.lo).toBeGreaterThanOrEqual(0);
      expect(w.hi).toBeLessThanOrEqual(1);
      if (w.lo <= p && p <= w.hi) cover++;
    }
    expect(cover / 2000).toBeGreaterThan(0.92);
    expect(cover / 2000).toBeLessThan(0.98);
    expect(() => wilson(3, 2)).toThrow(RangeError);
  });
});
