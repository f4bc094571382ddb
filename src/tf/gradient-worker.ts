/**
 * A gradient worker thread: holds views of the shared training data, parameters and gradient slots, and
 * on each `step` message computes the gradients of the chunks it was given into their slots.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { gatherChunk, type SharedTrainData } from './chunks.ts';
import { createGradientEngine } from './gradient-engine.ts';
import type { StepRequest, WorkerInit } from './gradient-pool.ts';
import type { ParamLayout } from './mlp-math.ts';

const init = workerData.init as WorkerInit;
const data: SharedTrainData = init.data;
const layout: ParamLayout = init.layout;
const engine = await createGradientEngine(init.engine, layout);
const port = parentPort!;

port.on('message', async (req: StepRequest) => {
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
});
port.postMessage({ ready: true });
