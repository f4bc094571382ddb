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

/** Row i's 32-bit key under `salt`. */
function rowKey(salt: number, i: number): number {
  return fmix32((Math.imul(i, 0x9e3779b1) ^ salt) >>> 0);
}

/** Writes rows 0..n-1 into `out` sorted by (rowKey, index). */
function sortByKey(salt: number, n: number, out: Uint32Array): Uint32Array {
  if (n <= PACKED_ROWS) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = rowKey(salt, i) * PACKED_ROWS + i;
    packed.sort();
    for (let i = 0; i < n; i++) out[i] = packed[i]! % PACKED_ROWS;
    return out;
  }
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = rowKey(salt, i);
    out[i] = i;
  }
  return out.sort((x, y) => keys[x]! - keys[y]! || x - y);
}

/**
 * Writes into `out` (length n) the rows 0..n-1 sorted by (key, index), key a 32-bit hash of `rng`'s
 * salt and the row index (equal keys, rare, keep index order). Rows 0..m-1 come out in the same relative
 * order for every n >= m. Up to 2^21 rows the pair is packed into one double and sorted natively.
 */
export function keyedOrder(rng: Rng, n: number, out: Uint32Array): Uint32Array {
  return sortByKey(rng.nextUint32(), n, out);
}

/**
 * Batches for a fit paired with one on rows 0..shared-1 only (same `rng` state): the shared rows form
 * exactly that fit's batches (its keyed order cut every `batch` rows), and each other row joins the
 * batch its key falls in (key / 2^32 of the batch count), after the shared rows. Writes the order into
 * `out` and returns the batch boundaries (first 0, last n): same batches, same step count, the extra
 * rows spread evenly over them.
 */
export function pairedBatches(rng: Rng, n: number, shared: number, batch: number, out: Uint32Array): number[] {
  const salt = rng.nextUint32();
  const base = sortByKey(salt, shared, new Uint32Array(shared));
  const nb = Math.ceil(shared / batch);
  const extra: number[][] = Array.from({ length: nb }, () => []);
  for (let i = shared; i < n; i++) extra[Math.floor((rowKey(salt, i) / 2 ** 32) * nb)]!.push(i);
  const bounds = [0];
  let p = 0;
  for (let b = 0; b < nb; b++) {
    for (let j = b * batch; j < Math.min(shared, (b + 1) * batch); j++) out[p++] = base[j]!;
    for (const i of extra[b]!) out[p++] = i;
    bounds.push(p);
  }
  return bounds;
}
