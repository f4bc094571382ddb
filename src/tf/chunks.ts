/**
 * How one optimization batch is cut into chunks whose gradients are computed separately (possibly in
 * different threads) and summed in chunk order. The cut depends only on the batch size and `chunkRows`,
 * never on the number of threads, so training gives bit-identical weights however many threads run.
 */
import type { Chunk } from './mlp-math.ts';

/** Training rows shared with gradient workers: features (n x nFeatures), scaled targets, loss weights. */
export interface SharedTrainData {
  readonly n: number;
  readonly nFeatures: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly w: Float32Array;
}

/** A Float32Array of `length` zeros on a SharedArrayBuffer (visible to worker threads without copying). */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

/** A batch is always cut into at least this many chunks, so two threads always have work. */
export const MIN_CHUNKS = 2;

/** Bounds [from, to) (positions in the batch order) of each chunk of the batch at positions [start, end). */
export function chunkBounds(start: number, end: number, chunkRows: number): [number, number][] {
  const b = end - start;
  const k = Math.min(b, Math.max(MIN_CHUNKS, Math.ceil(b / chunkRows)));
  return Array.from({ length: k }, (_, c) => [start + Math.floor((c * b) / k), start + Math.floor(((c + 1) * b) / k)]);
}

/** Copies rows order[from..to) of `data` into a contiguous chunk. */
export function gatherChunk(data: SharedTrainData, order: Uint32Array, from: number, to: number): Chunk {
  const m = to - from, d = data.nFeatures;
  const x = new Float32Array(m * d), y = new Float32Array(m), w = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    const r = order[from + i]!;
    x.set(data.x.subarray(r * d, r * d + d), i * d);
    y[i] = data.y[r]!;
    w[i] = data.w[r]!;
  }
  return { x, y, w, m };
}
