/** Counting points inside an axis-aligned box (the attack's backdoor region). */
import type { Box } from '../core/attack.ts';

/** Number of the `n` rows of `x` (d columns) inside `box`, bounds included. */
export function countInBox(x: Float64Array, n: number, d: number, box: Box): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    let inside = true;
    for (let j = 0; j < d && inside; j++) {
      const v = x[i * d + j]!;
      inside = v >= box.lower[j]! && v <= box.upper[j]!;
    }
    if (inside) count++;
  }
  return count;
}
