import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustPValues, logGamma, normalUpper, poissonMidP, quantile, robustLocationScale } from '../../src/detect/stats.ts';

/** Poisson mid-p by direct summation of the pmf (small lambda and counts only). */
function directMidP(c: number, lambda: number): number {
  let pmf = Math.exp(-lambda), below = 0;
  for (let k = 0; k < c; k++) {
    below += pmf;
    pmf *= lambda / (k + 1);
  }
  return 1 - below - pmf / 2;
}

describe('stats', () => {
  it('logGamma matches log factorials and Γ(1/2)', () => {
    let f = 0;
    for (let k = 1; k < 60; k++) {
      f += Math.log(k);
      expect(logGamma(k + 1)).toBeCloseTo(f, 9);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('poissonMidP agrees with direct summation and stays accurate deep in the tail', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0.05, max: 40, noNaN: true }), (c, lambda) => {
        expect(poissonMidP(c, lambda)).toBeCloseTo(directMidP(c, lambda), 10);
      }),
    );
    // mid-p of 60 for lambda 10, from 50-digit decimal arithmetic: no cancellation to zero
    expect(poissonMidP(60, 10) / 3.7938658277381925e-27).toBeCloseTo(1, 10);
    expect(poissonMidP(5000, 4000)).toBeLessThan(1e-40);
    expect(poissonMidP(3900, 4000)).toBeGreaterThan(0.9);
  });

  it('normalUpper has the textbook values', () => {
    expect(normalUpper(0)).toBeCloseTo(0.5, 7);
    expect(normalUpper(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpper(-2.326348)).toBeCloseTo(0.99, 6);
    expect(normalUpper(8) / 6.22096e-16).toBeCloseTo(1, 4);
  });

  it('quantile interpolates like numpy and the robust scale is normal-consistent', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0, 5], 0.985)).toBeCloseTo(9.85, 12);
    const { location, scale } = robustLocationScale([1, 2, 3, 4, 100]);
    expect(location).toBe(3);
    expect(scale).toBeCloseTo(1.4826, 12);
  });

  it('adjusts p-values by Bonferroni and Benjamini-Hochberg', () => {
    const p = Float64Array.of(0.01, 0.04, 0.03, 0.5);
    expect(Array.from(adjustPValues(p, 'bonferroni'))).toEqual([0.04, 0.16, 0.12, 1]);
    const bh = adjustPValues(p, 'bh');
    [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5].forEach((v, i) => expect(bh[i]).toBeCloseTo(v, 12));
    expect(Array.from(adjustPValues(p, 'none'))).toEqual(Array.from(p));
  });
});
