/** Row-batched calls: the search sends many rows at once, but never more than `batchSize` per call. */

/**
 * Applies `fn` to the `n` rows of `x` (row-major, `d` columns) in slices of at most `batchSize` rows
 * and concatenates the outputs, which have `width` values per row.
 */
export async function mapBatches(
  x: Float64Array,
  n: number,
  d: number,
  batchSize: number,
  width: number,
  fn: (xb: Float64Array, nb: number) => Promise<Float64Array>,
): Promise<Float64Array> {
  const out = new Float64Array(n * width);
  for (let start = 0; start < n; start += batchSize) {
    const nb = Math.min(batchSize, n - start);
    const values = await fn(x.subarray(start * d, (start + nb) * d), nb);
    if (values.length !== nb * width) throw new Error(`expected ${nb * width} values from a batch of ${nb} rows, got ${values.length}`);
    out.set(values, start * width);
  }
  return out;
}
