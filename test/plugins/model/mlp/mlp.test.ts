import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import mlp from '../../../../plugins/model/mlp/index.ts';
import type { MlpModel } from '../../../../plugins/model/mlp/model.ts';
import { isRegauditError } from '../../../../src/core/errors.ts';
import { shouldStop } from '../../../../src/tf/trainer.ts';
import { context, mse, smooth, tiny } from './helpers.ts';

const data = smooth(256);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function trained(seed: number, overrides = {}) {
  const model = (await mlp.create(tiny(overrides), context(), { nFeatures: 2 })) as MlpModel;
  const fit = await model.fit(data, context(), { seed });
  return { model, fit };
}

describe('mlp model', () => {
  // Batch 280 is one full batch of the 256 base rows but a mini-batch of all 300: not shuffled while they
  // train alone. Sample weights in every case.
  it.each([
    { batchSize: 32 }, { batchSize: 280 }, { batchSize: 'full' as const }, { batchSize: 32, threads: 2 }, { batchSize: 32, standardizeInputs: true },
  ])('baseOnly: a fit on base rows plus appended ones trains its first epochs exactly as a fit on the base rows alone, then forks (%o)', async (variant) => {
    const all = { ...smooth(300, 5), weights: Float64Array.from({ length: 300 }, (_, i) => 0.5 + (i % 7) / 7) };
    const baseRows = { n: 256, nFeatures: 2, x: all.x.subarray(0, 512), y: all.y.subarray(0, 256), weights: all.weights.subarray(0, 256) };
    const fit = async (rows: typeof all, overrides: object) => {
      const model = await mlp.create(tiny({ maxEpochs: 4, emaDecay: 0.9, ...variant }), context(), { nFeatures: 2 });
      const result = await model.fit!(rows, context(), { seed: 3, ...overrides });
      const p = await model.predict(all.x, all.n);
      model.dispose();
      return { p, history: result.history! };
    };
    const alone = await fit(baseRows, {});
    const forked = await fit(all, { baseOnly: { rows: 256, epochs: 2 } });
    const fromStart = await fit(all, {});
    expect(forked.history.slice(0, 2)).toEqual(alone.history.slice(0, 2));
    expect(forked.history[2]).not.toBe(alone.history[2]);
    expect(fromStart.history[0]).not.toBe(alone.history[0]);
    expect(forked.p).not.toEqual(alone.p);
    expect(forked.p).not.toEqual(fromStart.p);
    for (const baseOnly of [{ rows: 256, epochs: 4 }, { rows: 301, epochs: 1 }, { rows: 256, epochs: 1.5 }]) {
      const error = await fit(all, { baseOnly }).catch((e: unknown) => e);
      expect(isRegauditError(error) && error.code).toBe('MLP_DATA');
    }
  });

  it('baseOnly: the stop rule reads only the epochs after the shared ones, so the appended rows are always visited', async () => {
    const all = smooth(300, 5);
    const baseRows = { n: 256, nFeatures: 2, x: all.x.subarray(0, 512), y: all.y.subarray(0, 256) };
    // A stop rule that holds after 3 epochs (any relative change below 50%).
    const fit = async (rows: typeof all, overrides: object) => {
      const model = await mlp.create(tiny({ maxEpochs: 40, batchSize: 32, stopWindow: 2, stopTolerance: 0.5 }), context(), { nFeatures: 2 });
      const result = await model.fit!(rows, context(), { seed: 3, ...overrides });
      model.dispose();
      return result;
    };
    expect((await fit(baseRows, {})).epochs).toBe(3);
    const forked = await fit(all, { baseOnly: { rows: 256, epochs: 20 } });
    expect(forked.epochs).toBe(23);
  });

  it.each([false, true])('learns a smooth function: training MSE falls far below the target variance (standardizeInputs %s)', async (standardizeInputs) => {
    const { model, fit } = await trained(1, { maxEpochs: 150, standardizeInputs });
    const variance = mse(new Float64Array(data.n).fill(data.y.reduce((a, b) => a + b) / data.n), data.y);
    expect(fit.epochs).toBe(150);
    expect(fit.trainMse).toBeLessThan(variance / 20);
    expect(fit.history!.length).toBe(150);
    expect(fit.history![149]!).toBeLessThan(fit.history![0]! / 10);
    // trainMse is the MSE of predict on the training set, in the oracle's units.
    expect(fit.trainMse).toBeCloseTo(mse(await model.predict(data.x, data.n), data.y), 10);
    const test = smooth(200, 99);
    expect(mse(await model.predict(test.x, test.n), test.y)).toBeLessThan(variance / 10);
    model.dispose();
  });

  it.each(['onnxruntime', 'tfjs'] as const)('same seed gives identical predictions, a different seed different ones, whatever the thread count (%s engine)', async (engine) => {
    const opts = { maxEpochs: 8, batchSize: 64, chunkRows: 20, engine };
    const a = await trained(3, opts);
    const b = await trained(3, opts);
    const c = await trained(4, opts);
    const d = await trained(3, { ...opts, threads: 2 });
    const pa = await a.model.predict(data.x, data.n);
    expect(await b.model.predict(data.x, data.n)).toEqual(pa);
    expect(await d.model.predict(data.x, data.n)).toEqual(pa);
    expect(d.fit.history).toEqual(a.fit.history);
    expect(await c.model.predict(data.x, data.n)).not.toEqual(pa);
    for (const m of [a, b, c, d]) m.model.dispose();
  });

  it('full batch accumulated over several rounds of chunks gives the same weights on 1 and 3 threads', async () => {
    const rows = smooth(300, 5);
    const fit = async (threads: number) => {
      const model = await mlp.create(tiny({ batchSize: 'full', chunkRows: 16, maxEpochs: 3, threads }), context(), { nFeatures: 2 });
      const result = await model.fit!(rows, context(), { seed: 2 });
      const p = await model.predict(rows.x, rows.n);
      model.dispose();
      return { p, history: result.history };
    };
    const [one, three] = [await fit(1), await fit(3)];
    expect(three.p).toEqual(one.p);
    expect(three.history).toEqual(one.history);
  });

  it('honors sample weights: up-weighted labels pull the fit toward them', async () => {
    const n = 200;
    const x = new Float64Array(n), y = new Float64Array(n), weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = (i >> 1) / (n / 2);
      y[i] = i % 2;
      weights[i] = i % 2 ? 1 : 9;
    }
    const meanPrediction = async (w?: Float64Array) => {
      const model = await mlp.create(tiny({ hidden: [8], maxEpochs: 80 }), context(), { nFeatures: 1 });
      await model.fit!({ n, nFeatures: 1, x, y, ...(w ? { weights: w } : {}) }, context(), { seed: 1 });
      const p = await model.predict(x, n);
      model.dispose();
      return p.reduce((s, v) => s + v) / n;
    };
    const unweighted = await meanPrediction();
    const weighted = await meanPrediction(weights);
    expect(Math.abs(unweighted - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(weighted - 0.1)).toBeLessThan(0.1);
  });

  it('inputGradient agrees with central finite differences of predict', async () => {
    const { model } = await trained(5, { maxEpochs: 20, hidden: [12, 12] });
    const pts = smooth(40, 11);
    const g = await model.inputGradient(pts.x, pts.n);
    const h = 1e-3;
    const shifted = new Float64Array(pts.x.length * 2 * 2);
    for (let i = 0; i < pts.n; i++) {
      for (let j = 0; j < 2; j++) {
        const k = (i * 2 + j) * 2;
        for (const [s, sign] of [[0, 1], [1, -1]] as const) {
          shifted.set(pts.x.subarray(i * 2, i * 2 + 2), (k + s) * 2);
          shifted[(k + s) * 2 + j]! += sign * h;
        }
      }
    }
    const p = await model.predict(shifted, shifted.length / 2);
    let agree = 0;
    for (let c = 0; c < g.length; c++) {
      const fd = (p[2 * c]! - p[2 * c + 1]!) / (2 * h);
      if (Math.abs(fd - g[c]!) <= 1e-3) agree++;
    }
    // A ReLU network is piecewise linear: the difference is exact (up to float32 rounding) unless a kink lies within h.
    expect(agree / g.length).toBeGreaterThan(0.95);
    expect(g.some((v) => Math.abs(v) > 0.05)).toBe(true);
    model.dispose();
  });

  it('returns activations of every hidden layer with the right shapes, ReLU outputs non-negative', async () => {
    const model = await mlp.create(tiny({ hidden: [6, 9, 4] }), context(), { nFeatures: 2 });
    expect(model.layerNames).toEqual(['hidden1', 'hidden2', 'hidden3']);
    for (const [layer, width] of [['hidden1', 6], ['hidden2', 9], ['hidden3', 4]] as const) {
      const a = await model.activations!(data.x.subarray(0, 20), 10, layer);
      expect(a.width).toBe(width);
      expect(a.values.length).toBe(10 * width);
      expect(a.values.every((v) => v >= 0)).toBe(true);
    }
    await expect(model.activations!(data.x.subarray(0, 2), 1, 'output2')).rejects.toSatisfy(isRegauditError);
    model.dispose();
  });

  it('save then load gives identical predictions and a plain tfjs LayersModel', async () => {
    const { model } = await trained(6, { maxEpochs: 10 });
    const dir = mkdtempSync(join(tmpdir(), 'mlp-'));
    dirs.push(dir);
    await model.save(dir);
    const loaded = await mlp.load!(dir, tiny({ maxEpochs: 10 }), context());
    expect(await loaded.predict(data.x, data.n)).toEqual(await model.predict(data.x, data.n));
    expect(await loaded.inputGradient!(data.x.subarray(0, 10), 5)).toEqual(await model.inputGradient(data.x.subarray(0, 10), 5));
    await expect(mlp.load!(dir, tiny({ hidden: [16] }), context())).rejects.toSatisfy(isRegauditError);
    model.dispose();
    loaded.dispose();
  });

  it('onnxruntime and tfjs give the same predictions and input gradients for the same weights', async () => {
    const { model } = await trained(10, { maxEpochs: 10, engine: 'onnxruntime' });
    const dir = mkdtempSync(join(tmpdir(), 'mlp-'));
    dirs.push(dir);
    await model.save(dir);
    const viaTfjs = await mlp.load!(dir, tiny({ engine: 'tfjs' }), context());
    const close = (a: Float64Array, b: Float64Array) => a.every((v, i) => Math.abs(v - b[i]!) <= 1e-5 * (1 + Math.abs(b[i]!)));
    expect(close(await model.predict(data.x, data.n), await viaTfjs.predict(data.x, data.n))).toBe(true);
    expect(close(await model.inputGradient(data.x, data.n), await viaTfjs.inputGradient!(data.x, data.n))).toBe(true);
    model.dispose();
    viaTfjs.dispose();
  });

  it('dispose() during an onnxruntime predict lets it finish with the same values; later evaluations reject', async () => {
    const { model } = await trained(12, { maxEpochs: 2, engine: 'onnxruntime' });
    const reference = await model.predict(data.x, data.n);
    const inFlight = [model.predict(data.x, data.n), model.inputGradient(data.x, data.n)];
    model.dispose();
    expect(await inFlight[0]).toEqual(reference);
    expect((await inFlight[1])!.length).toBe(data.n * 2);
    await expect(model.predict(data.x, data.n)).rejects.toThrow(/model was already released/);
  });

  it.each([false, true])('warmStart continues from the current weights instead of re-initializing (standardizeInputs %s)', async (standardizeInputs) => {
    const { model, fit } = await trained(7, { maxEpochs: 80, standardizeInputs });
    const warm = await model.fit(data, context(), { seed: 8, warmStart: true, maxEpochs: 1, learningRate: 1e-5 });
    expect(warm.trainMse).toBeLessThan(fit.trainMse * 1.05);
    const cold = await model.fit(data, context(), { seed: 8, maxEpochs: 1, learningRate: 1e-5 });
    expect(cold.trainMse).toBeGreaterThan(fit.trainMse * 5);
    model.dispose();
  });

  it.each([false, true])('emaDecay ends a cold fit on averaged weights, trainMse theirs (standardizeInputs %s)', async (standardizeInputs) => {
    const opts = { maxEpochs: 20, batchSize: 64, standardizeInputs };
    const plain = await trained(5, opts);
    const averaged = await trained(5, { ...opts, emaDecay: 0.95 });
    expect(averaged.fit.history).toEqual(plain.fit.history); // the same steps...
    const p = await averaged.model.predict(data.x, data.n);
    expect(p).not.toEqual(await plain.model.predict(data.x, data.n)); // ...ending elsewhere
    expect(averaged.fit.trainMse).toBeCloseTo(mse(p, data.y), 10);
    for (const m of [plain, averaged]) m.model.dispose();
  });

  it('a warm start ends on its last step whatever emaDecay says (fine-tunes are too short to average)', async () => {
    const { model } = await trained(5, { maxEpochs: 10 });
    const dir = mkdtempSync(join(tmpdir(), 'mlp-'));
    dirs.push(dir);
    await model.save(dir);
    const fineTuned = async (emaDecay: number) => {
      const loaded = await mlp.load!(dir, tiny({ maxEpochs: 10, emaDecay }), context());
      await loaded.fit!(data, context(), { seed: 6, warmStart: true, maxEpochs: 2, learningRate: 1e-3 });
      const p = await loaded.predict(data.x, data.n);
      loaded.dispose();
      return p;
    };
    const last = await fineTuned(0);
    expect(await fineTuned(0.95)).toEqual(last);
    expect(last).not.toEqual(await model.predict(data.x, data.n));
    model.dispose();
  });

  it('stops by the paper rule: relative MSE change below tolerance for stopWindow epochs', async () => {
    const { model, fit } = await trained(9, { maxEpochs: 300, stopWindow: 5, stopTolerance: 0.02 });
    const h = fit.history!;
    expect(fit.epochs).toBeLessThan(300);
    expect(h.length).toBe(fit.epochs);
    expect(shouldStop(h, 5, 0.02)).toBe(true);
    for (let e = 1; e < h.length; e++) expect(shouldStop(h.slice(0, e), 5, 0.02)).toBe(false);
    model.dispose();
  });

  it('leaks no tensors across epochs or calls', async () => {
    const counts: number[] = [];
    const ctx = context(1, { update: () => counts.push(tf.memory().numTensors), finish() {} });
    const model = await mlp.create(tiny({ maxEpochs: 5, batchSize: 50, engine: 'tfjs' }), ctx, { nFeatures: 2 });
    const before = tf.memory().numTensors;
    await model.fit!(data, ctx);
    await model.predict(data.x, data.n);
    await model.inputGradient!(data.x, data.n);
    await model.activations!(data.x, data.n, 'hidden2');
    expect(counts).toEqual(Array(5).fill(before));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('aborts on the signal and rejects bad training data with a RegauditError', async () => {
    const model = await mlp.create(tiny(), context(), { nFeatures: 2 });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(model.fit!(data, { ...context(), signal: controller.signal })).rejects.toThrow('stop');
    await expect(model.fit!({ ...data, weights: new Float64Array(data.n) }, context())).rejects.toSatisfy(isRegauditError);
    await expect(model.fit!({ ...data, nFeatures: 1, x: data.x.subarray(0, data.n) }, context())).rejects.toSatisfy(isRegauditError);
    model.dispose();
  });
});
