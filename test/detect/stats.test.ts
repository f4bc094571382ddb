import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustPValues, normalUpper, poissonMidP, robustLocationScale } from '../../src/detect/stats.ts';
import { quantile } from '../../src/stats/quantile.ts';

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

  it('normalUpper is the upper tail P(Z > z), to full precision on both sides', () => {
    // mpmath 1.3, 40 digits: mpmath.ncdf(-z)
    const upper: [number, number][] = [[0, 0.5], [1.959964, 0.02499999909644240199438], [3, 0.001349898031630094526652], [8, 6.220960574271784123516e-16], [-2.326348, 0.990000003357080919233]];
    for (const [z, p] of upper) expect(Math.abs(normalUpper(z) - p) / p, `z=${z}`).toBeLessThan(1e-14);
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
