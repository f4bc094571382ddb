/** The Cholesky factorization shared by the GMM detector (covariances) and the Himalaya oracle (correlations). */

/**
 * Factors the d x d row-major block of `a` at `off` in place into its lower Cholesky factor L (L·Lᵀ =
 * the block; the upper triangle is zeroed). Returns -1 when every pivot exceeds `minPivot`, else the
 * index of the first that does not, whose value is then left on the diagonal (the block is partly
 * overwritten).
 */
export function choleskyInPlace(a: Float64Array, off: number, d: number, minPivot = 0): number {
  for (let j = 0; j < d; j++) {
    let s = a[off + j * d + j]!;
    for (let k = 0; k < j; k++) s -= a[off + j * d + k]! * a[off + j * d + k]!;
    if (!(s > minPivot)) {
      a[off + j * d + j] = s;
      return j;
    }
    const ljj = Math.sqrt(s);
    a[off + j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[off + i * d + j]!;
      for (let k = 0; k < j; k++) t -= a[off + i * d + k]! * a[off + j * d + k]!;
      a[off + i * d + j] = t / ljj;
    }
    for (let i = 0; i < j; i++) a[off + i * d + j] = 0;
  }
  return -1;
}
