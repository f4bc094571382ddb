/**
 * Merging identical maximizers: many ascents end on the same local maximum. Points within `tolerance`
 * of each other (max over features) collapse onto the one with the largest error. A grid of cell size
 * `tolerance` over the first (up to) three features finds neighbours without comparing all pairs.
 */

/**
 * Indices of the rows kept, largest error first (ties by index): a row is kept unless an already kept
 * row lies within `tolerance` of it.
 */
export function mergeIdentical(x: Float64Array, error: Float64Array, n: number, d: number, tolerance: number): Uint32Array {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => error[b]! - error[a]! || a - b);
  const gridDims = Math.min(3, d);
  const cell = tolerance > 0 ? tolerance : 1;
  const grid = new Map<string, number[]>();
  const kept: number[] = [];
  const coord = (i: number, j: number): number => Math.floor(x[i * d + j]! / cell);
  const near = (a: number, b: number): boolean => {
    for (let j = 0; j < d; j++) if (Math.abs(x[a * d + j]! - x[b * d + j]!) > tolerance) return false;
    return true;
  };
  const offsets: number[][] = [[]];
  for (let j = 0; j < gridDims; j++) offsets.splice(0, offsets.length, ...offsets.flatMap((o) => [-1, 0, 1].map((k) => [...o, k])));
  for (const i of order) {
    const base = Array.from({ length: gridDims }, (_, j) => coord(i, j));
    const duplicate = offsets.some((o) => (grid.get(base.map((c, j) => c + o[j]!).join(',')) ?? []).some((k) => near(i, k)));
    if (duplicate) continue;
    kept.push(i);
    const key = base.join(',');
    const bucket = grid.get(key);
    if (bucket) bucket.push(i);
    else grid.set(key, [i]);
  }
  return Uint32Array.from(kept);
}
