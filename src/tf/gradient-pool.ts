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

type StepReply = { losses: number[] } | { error: string } | { ready: true };

/** A worker thread and a promise for its next reply. */
class GradientWorker {
  private readonly worker: Worker;
  private pending: { resolve(r: StepReply): void; reject(e: Error): void } | undefined;

  constructor(init: WorkerInit) {
    const entry = new URL('./gradient-worker.ts', import.meta.url).href;
    this.worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { entry, init } });
    this.worker.on('message', (r: StepReply) => this.settle((p) => p.resolve(r)));
    this.worker.on('error', (e) => this.settle((p) => p.reject(e)));
    this.worker.on('exit', (code) => this.settle((p) => p.reject(new Error(`gradient worker exited with code ${code}`))));
  }

  private settle(f: (p: NonNullable<GradientWorker['pending']>) => void): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) f(p);
  }

  /** The next message from the worker (after optionally sending `req`). */
  request(req?: StepRequest): Promise<StepReply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      if (req) this.worker.postMessage(req);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Computes batch gradients over shared training data with the main thread plus worker threads. */
export class GradientPool {
  private grads: Float32Array;

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
   */
  async batchGradient(params: Float32Array, order: Uint32Array, start: number, end: number, out: Float32Array): Promise<number> {
    const P = this.layout.size;
    const bounds = chunkBounds(start, end, this.chunkRows);
    if (this.grads.length < bounds.length * P) this.grads = new Float32Array(new SharedArrayBuffer(bounds.length * P * 4));
    const T = this.workers.length + 1;
    const losses = new Array<number>(bounds.length);
    const replies = this.workers.map((w, i) => {
      const chunks = bounds.flatMap(([from, to], slot) => (slot % T === i + 1 ? [{ slot, from, to }] : []));
      const req: StepRequest = { chunks, order: order.buffer as SharedArrayBuffer, params: params.buffer as SharedArrayBuffer, grads: this.grads.buffer as SharedArrayBuffer };
      return w.request(req).then((r) => {
        if ('error' in r) throw new Error(`gradient worker: ${r.error}`);
        if ('losses' in r) chunks.forEach((c, k) => (losses[c.slot] = r.losses[k]!));
      });
    });
    for (let slot = 0; slot < bounds.length; slot += T) {
      const [from, to] = bounds[slot]!;
      losses[slot] = await this.engine.chunkGradient(params, gatherChunk(this.data, order, from, to), this.grads.subarray(slot * P, (slot + 1) * P));
    }
    await Promise.all(replies);
    out.set(this.grads.subarray(0, P));
    let loss = losses[0]!;
    for (let slot = 1; slot < bounds.length; slot++) {
      const g = this.grads.subarray(slot * P, (slot + 1) * P);
      for (let i = 0; i < P; i++) out[i] += g[i]!;
      loss += losses[slot]!;
    }
    return loss;
  }

  /** Stops the workers and releases the local engine. */
  async close(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.terminate()), this.engine.release()]);
  }
}
