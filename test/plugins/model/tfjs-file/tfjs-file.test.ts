import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../../../src/core/model.ts';
import type { CsvDataset } from '../../../../src/data/csv.ts';
import tfjsFile from '../../../../plugins/model/tfjs-file/index.ts';
import type { TfjsFileOptions } from '../../../../plugins/model/tfjs-file/options.ts';
import { barrierDomain, barrierMlp, exactForward, expectTorchMetrics, fixtureModelFactory, fixturePath, readTestSet, rejection, testContext } from '../fixture.ts';
import { optionsWithDefaults } from '../../../../src/spec/ajv.ts';

const MODEL_DIR = fixturePath('models/barrier-mlp-tfjs');
const create = fixtureModelFactory(tfjsFile, MODEL_DIR);

describe('tfjs-file model plugin', () => {
  let model: Model;
  let test: CsvDataset;
  beforeAll(async () => {
    model = await create();
    test = await readTestSet();
  });
  afterAll(() => model.dispose());

  it('reports the clean MSE and MAE PyTorch computed for the same network on the CSV test set (relative 1e-4)', async () => {
    expectTorchMetrics(await model.predict(test.x, test.n), test);
  });

  it('declares an imported model with backprop gradients and activations', () => {
    expect(tfjsFile.canTrain).toBe(false);
    expect(tfjsFile.hasInputGradient).toBe(true);
    expect(tfjsFile.hasActivations).toBe(true);
    expect(model.fit).toBeUndefined();
    expect(model.layerNames).toEqual(['hidden1', 'hidden2', 'output']);
  });

  it('returns input gradients equal to the exact gradient of the network', async () => {
    const n = 100;
    const x = barrierDomain.sample(n, testContext(5).rng);
    const grad = await model.inputGradient!(x, n);
    for (let i = 0; i < n; i++) {
      const exact = exactForward(x.subarray(i * 5, i * 5 + 5)).grad;
      exact.forEach((g, j) => expect(Math.abs(grad[i * 5 + j]! - g)).toBeLessThan(1e-4 * (1 + Math.abs(g))));
    }
  });

  it('returns the activations of an internal layer: relu(x W + b) for hidden1', async () => {
    const n = 30;
    const x = test.x.subarray(0, n * 5);
    const act = await model.activations!(x, n, 'hidden1');
    const { kernel, bias } = barrierMlp.layers[0]!;
    expect(act.width).toBe(32);
    expect(act.values.length).toBe(n * 32);
    for (let i = 0; i < n; i++) {
      for (let u = 0; u < 32; u++) {
        const z = bias[u]! + kernel.reduce((s, w, k) => s + w[u]! * x[i * 5 + k]!, 0);
        expect(act.values[i * 32 + u]).toBeCloseTo(Math.max(z, 0), 5);
      }
    }
    await expect(model.activations!(x, n, 'nope')).rejects.toThrow(/no layer `nope`.*hidden1, hidden2, output/);
  });

  it('gives the same predictions and gradients whatever the batch size', async () => {
    const small = await create({ batchSize: 7 });
    const x = test.x.subarray(0, 40 * 5);
    expect(await small.predict(x, 40)).toEqual(await model.predict(x, 40));
    expect(await small.inputGradient!(x, 40)).toEqual(await model.inputGradient!(x, 40));
    small.dispose();
  });

  it('saves to a directory that load restores with the same predictions', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'regaudit-tfjs-')), 'copy');
    await model.save!(dir);
    const copy = await tfjsFile.load!(dir, optionsWithDefaults(tfjsFile.optionsSchema, { path: dir }), testContext());
    expect(copy.nFeatures).toBe(5);
    const x = test.x.subarray(0, 20 * 5);
    expect(await copy.predict(x, 20)).toEqual(await model.predict(x, 20));
    copy.dispose();
  });

  it('leaks no tensors across calls, and dispose releases the weights', async () => {
    const before = tf.memory().numTensors;
    const other = await create();
    const loaded = tf.memory().numTensors;
    expect(loaded).toBeGreaterThan(before);
    const x = test.x.subarray(0, 10 * 5);
    await other.predict(x, 10);
    await other.inputGradient!(x, 10);
    await other.activations!(x, 10, 'hidden2');
    expect(tf.memory().numTensors).toBe(loaded);
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fills every documented default (schema and options type in sync)', () => {
    const defaults: Omit<TfjsFileOptions, 'path'> = { batchSize: 16384 };
    expect(optionsWithDefaults(tfjsFile.optionsSchema, { path: 'model.json' })).toEqual({ path: 'model.json', ...defaults });
  });

  it('refuses a missing file, an unloadable model and a shape mismatch with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-tfjs-bad-'));
    const missing = await rejection(create({ path: join(dir, 'absent') }));
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toMatch(/does not exist/);
    writeFileSync(join(dir, 'model.json'), '{"modelTopology": {"class_name": "Mystery"}, "weightsManifest": []}');
    const junk = await rejection(create({ path: join(dir, 'model.json') }));
    expect(junk.exitCode).toBe(2);
    expect(junk.message).toMatch(/cannot load the model/);
    const noWeights = join(dir, 'no-weights');
    cpSync(MODEL_DIR, noWeights, { recursive: true });
    writeFileSync(join(noWeights, 'weights.bin'), '');
    expect((await rejection(create({ path: noWeights }))).message).toMatch(/cannot load the model/);
    const shape = await rejection(create({}, 4));
    expect(shape.exitCode).toBe(2);
    expect(shape.message).toMatch(/input is \[n, 5\].*\[n, 4\]/);
  });
});
