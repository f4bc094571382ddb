import { describe, expect, it } from 'vitest';
import { Z95 } from '../../src/stats/interval.ts';
import { incompleteBeta, tCdf, tQuantile } from '../../src/stats/student-t.ts';

describe('Student t', () => {
  it('incompleteBeta has its closed forms: I_x(1, b) = 1 - (1-x)^b and I_x(a, 1) = x^a', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      for (const k of [0.5, 1, 2.5, 7]) {
        expect(incompleteBeta(x, 1, k)).toBeCloseTo(1 - (1 - x) ** k, 12);
        expect(incompleteBeta(x, k, 1)).toBeCloseTo(x ** k, 12);
      }
    }
  });

  it('quantiles equal the closed forms for df = 1 (Cauchy) and df = 2', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(tQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9);
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
    }
  });

  it('0.975 quantiles match the table (scipy.stats.t.ppf, df 3..10, 29) and tend to the normal z', () => {
    const table: Record<number, number> = { 3: 3.182446305, 4: 2.776445105, 5: 2.570581836, 6: 2.446911851, 7: 2.364624252, 8: 2.306004135, 9: 2.262157163, 10: 2.228138852, 29: 2.045229642 };
    for (const [df, q] of Object.entries(table)) expect(tQuantile(0.975, Number(df))).toBeCloseTo(q, 8);
    expect(tQuantile(0.975, 1e8)).toBeCloseTo(Z95, 6);
  });

  it('cdf and quantile invert each other and are symmetric', () => {
    for (const df of [1, 2, 3, 5, 9, 40]) {
      for (const p of [0.01, 0.3, 0.5, 0.8, 0.975]) {
        const q = tQuantile(p, df);
        expect(tCdf(q, df)).toBeCloseTo(p, 12);
        expect(tQuantile(1 - p, df)).toBeCloseTo(-q, 10);
      }
    }
    expect(() => tQuantile(1, 3)).toThrow(RangeError);
  });
});
