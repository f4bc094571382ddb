/** Cholesky factorization of a correlation matrix, refusing one that is not a valid (positive definite) correlation. */
import { choleskyInPlace } from '../../../src/stats/cholesky.ts';

/**
 * The lower-triangular L (row-major n x n) with L·Lᵀ = `corr`, or a string saying why `corr` is not a
 * correlation matrix: not square, not symmetric, a diagonal other than 1, an entry outside [-1, 1], or
 * not positive definite (the pivot that fails is named, so the user can find the inconsistent block).
 */
export function choleskyOfCorrelation(corr: readonly (readonly number[])[], n: number): Float64Array | string {
  if (corr.length !== n || corr.some((row) => !Array.isArray(row) || row.length !== n)) return `correlation must be a ${n} x ${n} matrix`;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = corr[i]![j]!;
      if (typeof c !== 'number' || !Number.isFinite(c) || c < -1 || c > 1) return `correlation[${i}][${j}] must be a number in [-1, 1]`;
      if (i === j && c !== 1) return `correlation[${i}][${i}] must be 1`;
      if (Math.abs(c - corr[j]![i]!) > 1e-12) return `correlation must be symmetric (entries [${i}][${j}] and [${j}][${i}] differ)`;
    }
  }
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) L[i * n + j] = corr[i]![j]!;
  const pivot = choleskyInPlace(L, 0, n, 1e-12);
  if (pivot >= 0) {
    return `correlation is not positive definite (pivot ${pivot} is ${L[pivot * n + pivot]!.toPrecision(3)}): no set of assets can have these pairwise correlations; use a valid (for example a nearest) correlation matrix`;
  }
  return L;
}
