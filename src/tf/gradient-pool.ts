/**
 * Data-parallel gradients for one training: the main thread and `threads - 1` worker threads each
 * compute the gradients of some chunks of a batch (chunk c goes to executor c mod threads) into shared
 * per-chunk slots; the main thread then sums the slots in chunk order. Same chunks, same sums: the result
 * is bit-identical for any thread count.
 */
import { Worker } from 'node:worker_threads';
import { chunkBounds, gatherChunk, type SharedTrainData } from './chunks.ts';
import { createGradientEngine, type EngineName, type GradientEngine } from './gradient-engine.ts';
import type { ParamLayout } from './mlp-math.ts';
import { SerialResource } from './serial-resource.ts';

/** What a worker receives at start (structured-cloned; the typed arrays share their buffers). */
export interface WorkerInit {
  readonly engine: EngineName;
  readonly layout: ParamLayout;
  readonly data: SharedTrainData;
}

/** One step's work for a worker: chunk slots and bounds, and the shared buffers to read and write. */
export interface StepRequest {
  readonly chunks: readonly { slot: number; from: number; to: number }[];
  readonly order: SharedArrayBuffer;
  readonly params: SharedArrayBuffer;
  readonly grads: SharedArrayBuffer;
}

/** Chunks computed per round of a batch: bounds the shared gradient slots to ROUND_CHUNKS x parameters. */
const ROUND_CHUNKS = 16;

type StepReply = { losses: number[] } | { error: string } | { ready: true };

/** A message to a worker: a step, or `stop` (release the engine and exit once the steps before it are done). */
export type WorkerMessage = StepRequest | { readonly stop: true };

/**
 * A worker thread and a promise for its next reply. At most one request is outstanding; the thread is
 * stopped by message, never terminated (terminating a thread inside an onnxruntime run aborts the process).
 */
class GradientWorker {
  private readonly worker: Worker;
  private pending: { resolve(r: StepReply): void; reject(e: Error): void } | undefined;
  private exitCode: number | undefined;
  private readonly exited: Promise<number>;

  constructor(init: WorkerInit) {
    const entry = new URL('./gradient-worker.ts', import.meta.url).href;
    this.worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { entry, init } });
    this.worker.on('message', (r: StepReply) => this.settle((p) => p.resolve(r)));
    this.worker.on('error', (e) => this.settle((p) => p.reject(e)));
    this.exited = new Promise((resolve) => this.worker.once('exit', (code: number) => {
      this.exitCode = code;
      this.settle((p) => p.reject(new Error(`gradient worker exited with code ${code}`)));
      resolve(code);
    }));
  }

  private settle(f: (p: NonNullable<GradientWorker['pending']>) => void): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) f(p);
  }

  /** The next message from the worker (after optionally sending `req`); rejects if one is already awaited or the worker has exited. */
  request(req?: StepRequest): Promise<StepReply> {
    if (this.pending) return Promise.reject(new Error('gradient worker: a request is already outstanding'));
    if (this.exitCode !== undefined) return Promise.reject(new Error(`gradient worker exited with code ${this.exitCode}`));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      if (req) this.worker.postMessage(req);
    });
  }

  /** Asks the worker to release its engine and exit after its current work; resolves to its exit code. */
  stop(): Promise<number> {
    if (this.exitCode === undefined) this.worker.postMessage({ stop: true } satisfies WorkerMessage);
    return this.exited;
  }
}

/**
 * Computes batch gradients over shared training data with the main thread plus worker threads. Batches
 * run one at a time (they share the gradient slots and each worker's single outstanding request), and
 * `close` stops the workers only after the batches already requested have settled.
 */
export class GradientPool {
  private grads: Float32Array;
  private readonly guard = new SerialResource('the gradient pool');

  private constructor(
    private readonly layout: ParamLayout,
    private readonly data: SharedTrainData,
    private readonly chunkRows: number,
    private readonly engine: GradientEngine,
    private readonly workers: GradientWorker[],
  ) {
    this.grads = new Float32Array(new SharedArrayBuffer(4));
  }

  /** Starts `threads - 1` workers (none when threads is 1), each with its own `engine`, and waits until they are ready. */
  static async create(layout: ParamLayout, data: SharedTrainData, chunkRows: number, threads: number, engine: EngineName): Promise<GradientPool> {
    const init: WorkerInit = { engine, layout, data };
    const workers = Array.from({ length: Math.max(0, threads - 1) }, () => new GradientWorker(init));
    const pool = new GradientPool(layout, data, chunkRows, await createGradientEngine(engine, layout), workers);
    try {
      for (const r of await Promise.all(workers.map((w) => w.request()))) if ('error' in r) throw new Error(r.error);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /**
   * Gradient of the summed weighted squared error over rows order[start..end) at `params` (a
   * SharedArrayBuffer-backed vector), written into `out`; returns the summed weighted squared error.
   * Chunks are computed ROUND_CHUNKS at a time (bounding the slot memory) and summed in chunk order.
   */
  batchGradient(params: Float32Array, order: Uint32Array, start: number, end: number, out: Float32Array): Promise<number> {
    return this.guard.run(() => this.sumChunks(params, order, start, end, out));
  }

  /** batchGradient's work (run by the guard). */
  private async sumChunks(params: Float32Array, order: Uint32Array, start: number, end: number, out: Float32Array): Promise<number> {
    const P = this.layout.size;
    const bounds = chunkBounds(start, end, this.chunkRows);
    let loss = 0;
    for (let r = 0; r < bounds.length; r += ROUND_CHUNKS) {
      const round = bounds.slice(r, r + ROUND_CHUNKS);
      const losses = await this.round(params, order, round);
      for (let slot = 0; slot < round.length; slot++) {
        const g = this.grads.subarray(slot * P, (slot + 1) * P);
        if (r + slot === 0) out.set(g);
        else for (let i = 0; i < P; i++) out[i] += g[i]!;
        loss += losses[slot]!;
      }
    }
    return loss;
  }

  /** Computes the gradients of `chunks` into slots 0..chunks.length-1 (chunk c on executor c mod threads); resolves to their losses. */
  private async round(params: Float32Array, order: Uint32Array, chunks: readonly [number, number][]): Promise<number[]> {
    const P = this.layout.size;
    if (this.grads.length < chunks.length * P) this.grads = new Float32Array(new SharedArrayBuffer(chunks.length * P * 4));
    const T = this.workers.length + 1;
    const losses = new Array<number>(chunks.length);
    const replies = this.workers.map((w, i) => {
      const mine = chunks.flatMap(([from, to], slot) => (slot % T === i + 1 ? [{ slot, from, to }] : []));
      const req: StepRequest = { chunks: mine, order: order.buffer as SharedArrayBuffer, params: params.buffer as SharedArrayBuffer, grads: this.grads.buffer as SharedArrayBuffer };
      return w.request(req).then((r) => {
        if ('error' in r) throw new Error(`gradient worker: ${r.error}`);
        if ('losses' in r) mine.forEach((c, k) => (losses[c.slot] = r.losses[k]!));
      });
    });
    try {
      for (let slot = 0; slot < chunks.length; slot += T) {
        const [from, to] = chunks[slot]!;
        losses[slot] = await this.engine.chunkGradient(params, gatherChunk(this.data, order, from, to), this.grads.subarray(slot * P, (slot + 1) * P));
      }
    } finally {
      // Wait for the workers even when the main thread's chunk failed (no dangling rejections).
      const settled = await Promise.allSettled(replies);
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    }
    return losses;
  }

  /** Once the batches already requested have settled, stops the workers and releases the local engine (idempotent). */
  close(): Promise<void> {
    return this.guard.close(async () => {
      await Promise.all([...this.workers.map((w) => w.stop()), this.engine.release()]);
    });
  }
}
