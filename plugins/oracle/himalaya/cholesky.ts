/** Cholesky factorization of a correlation matrix, refusing one that is not a valid (positive definite) correlation. */

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
  for (let j = 0; j < n; j++) {
    let d = corr[j]![j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! * L[j * n + k]!;
    if (!(d > 1e-12)) {
      return `correlation is not positive definite (pivot ${j} is ${d.toPrecision(3)}): no set of assets can have these pairwise correlations; use a valid (for example a nearest) correlation matrix`;
    }
    const djj = Math.sqrt(d);
    L[j * n + j] = djj;
    for (let i = j + 1; i < n; i++) {
      let s = corr[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = s / djj;
    }
  }
  return L;
}
