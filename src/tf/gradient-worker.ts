/**
 * A gradient worker thread: holds views of the shared training data, parameters and gradient slots, and
 * on each `step` message computes the gradients of the chunks it was given into their slots.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initTf, type TfBackendName } from './backend.ts';
import { gatherChunk, type SharedTrainData } from './chunks.ts';
import { chunkGradient, type ParamLayout } from './mlp-math.ts';
import type { StepRequest, WorkerInit } from './gradient-pool.ts';

const init = workerData.init as WorkerInit;
await initTf(init.backend as TfBackendName);
const data: SharedTrainData = init.data;
const layout: ParamLayout = init.layout;
const port = parentPort!;

port.on('message', (req: StepRequest) => {
  try {
    const order = new Uint32Array(req.order);
    const params = new Float32Array(req.params);
    const grads = new Float32Array(req.grads);
    const losses = req.chunks.map(({ slot, from, to }) =>
      chunkGradient(layout, params, gatherChunk(data, order, from, to), grads.subarray(slot * layout.size, (slot + 1) * layout.size)),
    );
    port.postMessage({ losses });
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
