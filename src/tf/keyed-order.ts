/**
 * Batch order by per-row random keys: row i's key is a hash of (epoch salt, i), and rows are visited in
 * key order. Unlike a Fisher-Yates permutation of 0..n-1, appending rows never changes the relative
 * order of the existing ones, so a poisoned training set (base rows first, attack rows appended) visits
 * its base rows in the same order as the clean baseline with the same seed: common random numbers for
 * the paired baseline (docs/statistics.md).
 */
import type { Rng } from '../core/rng.ts';

/** murmur3's 32-bit finalizer: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Rows up to which the (key, index) pair packs exactly into one double (32 + 21 bits). */
const PACKED_ROWS = 2 ** 21;

/**
 * Writes into out[0..n) (`out` may be longer; the rest is left alone) the rows 0..n-1 sorted by (key,
 * index), key a 32-bit hash of `rng`'s salt and the row index (equal keys, rare, keep index order), and
 * returns that part. Rows 0..m-1 come out in the same relative order for every n >= m. Up to 2^21 rows
 * the pair is packed into one double and sorted natively.
 */
export function keyedOrder(rng: Rng, n: number, buffer: Uint32Array): Uint32Array {
  const out = buffer.subarray(0, n);
  const salt = rng.nextUint32();
  const key = (i: number): number => fmix32((Math.imul(i, 0x9e3779b1) ^ salt) >>> 0);
  if (n <= PACKED_ROWS) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = key(i) * PACKED_ROWS + i;
    packed.sort();
    for (let i = 0; i < n; i++) out[i] = packed[i]! % PACKED_ROWS;
    return out;
  }
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = key(i);
    out[i] = i;
  }
  return out.sort((x, y) => keys[x]! - keys[y]! || x - y);
}
