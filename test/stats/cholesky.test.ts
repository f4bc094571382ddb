import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choleskyInPlace } from '../../src/stats/cholesky.ts';

describe('choleskyInPlace', () => {
  it('factors a known matrix into its lower factor, zeroing the upper triangle', () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    expect(choleskyInPlace(a, 0, 3)).toBe(-1);
    expect(Array.from(a)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it('works on a block at an offset and reproduces A = L·Lᵀ for random positive definite matrices', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 9, maxLength: 9 }), (m) => {
      // A = M·Mᵀ + I, stored after 5 unrelated entries
      const d = 3, off = 5, a = new Float64Array(off + d * d), A: number[] = [];
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < d; k++) s += m[i * d + k]! * m[j * d + k]!;
        A.push(s);
        a[off + i * d + j] = s;
      }
      expect(choleskyInPlace(a, off, d)).toBe(-1);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += a[off + i * d + k]! * a[off + j * d + k]!;
        expect(s).toBeCloseTo(A[i * d + j]!, 9);
      }
      expect(Array.from(a.subarray(0, off))).toEqual([0, 0, 0, 0, 0]);
    }));
  });

  it('names the first pivot at or below minPivot and leaves its value on the diagonal', () => {
    const a = Float64Array.of(1, 1, 1, 1); // singular: second pivot 0
    expect(choleskyInPlace(a, 0, 2)).toBe(1);
    expect(a[3]).toBe(0);
    expect(choleskyInPlace(Float64Array.of(1e-13), 0, 1, 1e-12)).toBe(0);
    expect(choleskyInPlace(Float64Array.of(-1), 0, 1)).toBe(0);
  });
});
