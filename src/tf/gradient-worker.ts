/**
 * A gradient worker thread: holds views of the shared training data, parameters and gradient slots, and
 * on each `step` message computes the gradients of the chunks it was given into their slots. Messages are
 * handled one at a time; `stop` releases the engine and ends the thread (no run is in flight then).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { gatherChunk, type SharedTrainData } from './chunks.ts';
import { createGradientEngine } from './gradient-engine.ts';
import type { StepRequest, WorkerInit, WorkerMessage } from './gradient-pool.ts';
import type { ParamLayout } from './mlp-math.ts';

const init = workerData.init as WorkerInit;
const data: SharedTrainData = init.data;
const layout: ParamLayout = init.layout;
const engine = await createGradientEngine(init.engine, layout);
const port = parentPort!;

/** Computes the requested chunks' gradients into their slots and replies with their losses (or the error). */
async function step(req: StepRequest): Promise<void> {
  try {
    const order = new Uint32Array(req.order);
    const params = new Float32Array(req.params);
    const grads = new Float32Array(req.grads);
    const losses: number[] = [];
    for (const { slot, from, to } of req.chunks) {
      losses.push(await engine.chunkGradient(params, gatherChunk(data, order, from, to), grads.subarray(slot * layout.size, (slot + 1) * layout.size)));
    }
    port.postMessage({ losses });
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
}

let queue = Promise.resolve();
port.on('message', (msg: WorkerMessage) => {
  queue = queue.then(async () => {
    if (!('stop' in msg)) return step(msg);
    await engine.release();
    process.exit(0);
  });
});
port.postMessage({ ready: true });
