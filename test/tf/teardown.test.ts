/**
 * Teardown with work in flight: releasing an onnxruntime session or stopping a gradient worker under a
 * pending run used to fail the run or (a worker terminated inside a native run) abort the process with
 * `terminate called after throwing an instance of 'Napi::Error'`. Each resource now waits for the work
 * already requested, releases once, and refuses later work with a clear error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { sharedFloat32, type SharedTrainData } from '../../src/tf/chunks.ts';
import { GradientPool } from '../../src/tf/gradient-pool.ts';
import { initParams, paramLayout } from '../../src/tf/mlp-math.ts';
import { OrtInference } from '../../src/tf/ort-mlp.ts';
import { Trainer } from '../../src/tf/trainer.ts';

const layout = paramLayout(3, [32, 32]);
const N = 600;

function trainData(): SharedTrainData {
  const rng = new Rng(5, 'teardown');
  const data = { n: N, nFeatures: 3, x: sharedFloat32(N * 3), y: sharedFloat32(N), w: sharedFloat32(N).fill(1) };
  for (let i = 0; i < data.x.length; i++) data.x[i] = rng.uniform(-1, 1);
  for (let i = 0; i < N; i++) data.y[i] = rng.uniform(-1, 1);
  return data;
}

const params = sharedFloat32(layout.size);
params.set(initParams(layout, new Rng(5, 'params')));
const order = new Uint32Array(new SharedArrayBuffer(N * 4)).map((_, i) => i);

describe('gradient pool with a worker thread', () => {
  let pool: GradientPool;
  beforeAll(async () => {
    pool = await GradientPool.create(layout, trainData(), 64, 2, 'onnxruntime');
  });
  afterAll(() => pool.close());

  /** batchGradient over rows [start, end) into a fresh vector. */
  async function batch(start: number, end: number): Promise<{ loss: number; grad: Float32Array }> {
    const grad = new Float32Array(layout.size);
    return { loss: await pool.batchGradient(params, order, start, end, grad), grad };
  }

  it('gives overlapping batch requests the results they get one after the other', async () => {
    const [a, b] = [await batch(0, 300), await batch(300, 600)];
    const [a2, b2] = await Promise.all([batch(0, 300), batch(300, 600)]);
    expect(a2).toEqual(a);
    expect(b2).toEqual(b);
  }, 30_000);

  it('close() waits for the batch in flight, is idempotent, and later batches reject', async () => {
    const reference = await batch(0, 600);
    const inFlight = batch(0, 600);
    const closing = pool.close();
    expect(await inFlight).toEqual(reference);
    expect(pool.close()).toBe(closing);
    await closing;
    await expect(batch(0, 600)).rejects.toThrow(/gradient pool was already released/);
  }, 30_000);
});

describe('trainer', () => {
  it('refuses an epoch started while another is running', async () => {
    const p = sharedFloat32(layout.size);
    p.set(params);
    const trainer = await Trainer.create(layout, p, trainData(), {
      optimizer: 'adam', learningRate: 1e-3, lrDropEvery: 0, lrDropFactor: 1, maxEpochs: 1, emaDecay: 0, stopWindow: 0, stopTolerance: 0,
      batchSize: 100, chunkRows: 64, threads: 1, engine: 'onnxruntime',
    });
    const hooks = { rng: new Rng(1, 'epochs'), signal: new AbortController().signal };
    const first = trainer.epoch(0, hooks);
    await expect(trainer.epoch(1, hooks)).rejects.toThrow(/another epoch is still running/);
    expect(await first).toBeGreaterThan(0);
    await trainer.close();
  });
});

describe('onnxruntime inference sessions', () => {
  it('release() waits for the run in flight, is idempotent, and later runs reject', async () => {
    const ort = await OrtInference.create(layout);
    const x = Float32Array.from({ length: 30 }, (_, i) => i / 30);
    const reference = await ort.run(params, x, 10, true);
    const inFlight = ort.run(params, x, 10, true);
    const releasing = ort.release();
    expect(await inFlight).toEqual(reference);
    expect(ort.release()).toBe(releasing);
    await releasing;
    await expect(ort.run(params, x, 10, false)).rejects.toThrow(/inference on onnxruntime was already released/);
  });
});
