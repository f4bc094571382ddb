import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeIdentical } from '../../src/search/merge.ts';

const cheb = (x: Float64Array, d: number, a: number, b: number): number => {
  let m = 0;
  for (let j = 0; j < d; j++) m = Math.max(m, Math.abs(x[a * d + j]! - x[b * d + j]!));
  return m;
};

describe('mergeIdentical', () => {
  it('keeps the largest-error point of each cluster, largest first', () => {
    const x = Float64Array.from([0.5, 0.5, 0.1, 0.1, 0.5004, 0.4999, 0.1002, 0.1, 0.9, 0.9]);
    const err = Float64Array.from([1, 3, 2, 0.5, 4]);
    expect([...mergeIdentical(x, err, 5, 2, 1e-3)]).toEqual([4, 1, 2]);
  });

  it('kept points are farther apart than the tolerance, and every dropped point has a kept one with larger error within it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 200 }),
        fc.double({ min: 0.001, max: 0.3, noNaN: true }),
        (d, values, tol) => {
          const n = Math.floor(values.length / d);
          const x = Float64Array.from(values.slice(0, n * d).map((v) => Math.round(v * 20) / 20));
          const err = Float64Array.from({ length: n }, (_, i) => values[(i * 7) % values.length]!);
          const kept = [...mergeIdentical(x, err, n, d, tol)];
          for (let a = 0; a < kept.length; a++) for (let b = a + 1; b < kept.length; b++) expect(cheb(x, d, kept[a]!, kept[b]!)).toBeGreaterThan(tol);
          for (let i = 0; i < n; i++) {
            if (kept.includes(i)) continue;
            expect(kept.some((k) => cheb(x, d, i, k) <= tol && err[k]! >= err[i]!)).toBe(true);
          }
        },
      ),
    );
  });
});
