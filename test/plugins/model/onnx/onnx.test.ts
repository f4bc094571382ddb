import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../../../src/core/model.ts';
import type { CsvDataset } from '../../../../src/data/csv.ts';
import onnx from '../../../../plugins/model/onnx/index.ts';
import type { OnnxModelOptions } from '../../../../plugins/model/onnx/options.ts';
import { barrierDomain, barrierMlp, createModel, exactForward, expectTorchMetrics, fixtureModelFactory, fixturePath, readTestSet, rejection, testContext, testSetErrors } from '../fixture.ts';
import { optionsWithDefaults } from '../../../../src/spec/ajv.ts';
import { matmulModel, weightFile } from './onnx-builder.ts';

const create = fixtureModelFactory(onnx, fixturePath('models/barrier-mlp.onnx'));

describe('onnx model plugin', () => {
  let model: Model;
  let test: CsvDataset;
  beforeAll(async () => {
    model = await create();
    test = await readTestSet();
  });
  afterAll(() => model.dispose());

  it('reports the clean MSE PyTorch computed for the exported model on the CSV test set (relative 1e-4)', async () => {
    expectTorchMetrics(await model.predict(test.x, test.n), test);
  });

  it('declares an imported model: no training, gradients by finite differences, no activations', async () => {
    expect(onnx.canTrain).toBe(false);
    expect(onnx.hasInputGradient).toBe(false);
    expect(onnx.hasActivations).toBe(false);
    expect(model.fit).toBeUndefined();
    expect(model.inputGradient).toBeTypeOf('function');
    expect(model.nFeatures).toBe(5);
  });

  it('predicts the same bits whatever the batch size', async () => {
    const small = await create({ batchSize: 7 });
    const x = test.x.subarray(0, 50 * 5);
    expect(await small.predict(x, 50)).toEqual(await model.predict(x, 50));
    expect(await small.inputGradient!(x, 50)).toEqual(await model.inputGradient!(x, 50));
    small.dispose();
  });

  it('gives central finite-difference gradients that match the exact gradient of the network', async () => {
    const n = 200;
    const x = barrierDomain.sample(n, testContext(3).rng);
    const grad = await model.inputGradient!(x, n);
    const h = 1e-3;
    let agreeExact = 0;
    for (let i = 0; i < n; i++) {
      const row = x.subarray(i * 5, i * 5 + 5);
      const exact = exactForward(row).grad;
      let close = true;
      for (let j = 0; j < 5; j++) {
        // The same central difference in float64: the plugin may differ only by float32 rounding.
        const plus = Array.from(row);
        const minus = Array.from(row);
        plus[j]! += h;
        minus[j]! -= h;
        const fd64 = (exactForward(plus).y - exactForward(minus).y) / (2 * h);
        const g = grad[i * 5 + j]!;
        expect(Math.abs(g - fd64)).toBeLessThan(0.02 + 1e-3 * Math.abs(fd64));
        if (Math.abs(g - exact[j]!) > 0.02 + 1e-3 * Math.abs(exact[j]!)) close = false;
      }
      if (close) agreeExact++;
    }
    // Away from ReLU kinks (within h of a row) the difference quotient is the gradient itself.
    expect(agreeExact / n).toBeGreaterThan(0.9);
  });

  it('finishes a predict in flight when disposed, then refuses further predictions with a clear error', async () => {
    const doomed = await create({ batchSize: 16 });
    const x = test.x.subarray(0, 200 * 5);
    const inFlight = doomed.predict(x, 200);
    doomed.dispose();
    expect(await inFlight).toEqual(await model.predict(x, 200));
    await expect(doomed.predict(x, 200)).rejects.toThrow(/already released/);
  });

  it('applies inputAffine to the features (natural-unit models) and the chain rule to gradients', async () => {
    // Halved features, doubled by the affine map, and a halved step: the model sees the same inputs.
    const scaled = await create({ inputAffine: { offset: [0, 0, 0, 0, 0], scale: [2, 2, 2, 2, 2] }, fdStep: 0.0005 });
    const x = test.x.subarray(0, 20 * 5);
    const half = x.map((v) => v / 2);
    expect(await scaled.predict(half, 20)).toEqual(await model.predict(x, 20));
    const g = await model.inputGradient!(x, 20);
    const gs = await scaled.inputGradient!(half, 20);
    expect(gs).toEqual(g.map((v) => 2 * v));
    scaled.dispose();
  });

  it('audits a model that takes natural units through inputAffine = the features\' minimums and ranges', async () => {
    const natural = await createModel(onnx, {
      path: fixturePath('models/barrier-mlp-natural.onnx'),
      inputAffine: { offset: barrierMlp.features.map((f) => f.min), scale: barrierMlp.features.map((f) => f.max - f.min) },
    });
    const { mse } = testSetErrors(await natural.predict(test.x, test.n), test);
    expect(Math.abs(mse / barrierMlp.torch.mse - 1)).toBeLessThan(1e-4);
    const x = test.x.subarray(0, 50 * 5);
    const [g, gn] = [await model.inputGradient!(x, 50), await natural.inputGradient!(x, 50)];
    // Same network, gradient with respect to the same normalized features: equal up to float32 rounding.
    gn.forEach((v, k) => expect(Math.abs(v - g[k]!)).toBeLessThan(0.05 + 1e-3 * Math.abs(g[k]!)));
    natural.dispose();
  });

  it('applies outputAffine to predictions', async () => {
    const shifted = await create({ outputAffine: { offset: 1, scale: 2 } });
    const x = test.x.subarray(0, 10 * 5);
    const base = await model.predict(x, 10);
    (await shifted.predict(x, 10)).forEach((v, i) => expect(v).toBe(1 + 2 * base[i]!));
    shifted.dispose();
  });

  it('fills every documented default (schema and options type in sync)', () => {
    const defaults: Omit<OnnxModelOptions, 'path'> = {
      inputName: null,
      outputName: null,
      inputAffine: null,
      outputAffine: { offset: 0, scale: 1 },
      fdStep: 0.001,
      batchSize: 65536,
      threads: 1,
    };
    expect(optionsWithDefaults(onnx.optionsSchema, { path: 'm.onnx' })).toEqual({ path: 'm.onnx', ...defaults });
  });

  it('refuses a missing file, an unloadable file, unknown names and a shape mismatch with exit 2', async () => {
    const missing = await rejection(create({ path: join(tmpdir(), 'no-such-model.onnx') }));
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toMatch(/does not exist/);
    const dir = await mkdtemp(join(tmpdir(), 'regaudit-onnx-'));
    await writeFile(join(dir, 'junk.onnx'), 'not a model');
    const junk = await rejection(create({ path: join(dir, 'junk.onnx') }));
    expect(junk.exitCode).toBe(2);
    expect(junk.message).toMatch(/cannot load/);
    const input = await rejection(create({ inputName: 'features' }));
    expect(input.message).toMatch(/no input `features`.*Use one of: x/);
    const output = await rejection(create({ outputName: 'price' }));
    expect(output.message).toMatch(/no output `price`.*Use one of: y/);
    const shape = await rejection(create({}, 4));
    expect(shape.exitCode).toBe(2);
    expect(shape.message).toMatch(/shape \[n, 5\].*4 features/);
    const affine = await rejection(create({ inputAffine: { offset: [0], scale: [1] } }));
    expect(affine.message).toMatch(/5 entries each/);
  });

  it('loads external weights beside the model, and refuses external data outside its directory (exit 2)', async () => {
    // onnxruntime resolves an initializer's external `location` against the model's directory and
    // refuses one that leaves it (docs/scale.md, "Untrusted specs"): a spec's model cannot read other files.
    const dir = await mkdtemp(join(tmpdir(), 'regaudit-onnx-external-'));
    const modelDir = join(dir, 'model');
    await mkdir(modelDir);
    const secret = join(dir, 'secret.bin');
    await writeFile(secret, weightFile([1, 2, 3, 4, 5]));
    await writeFile(join(modelDir, 'w.bin'), weightFile([1, 2, 3, 4, 5]));
    await symlink(secret, join(modelDir, 'link.bin'));
    const cases = { inside: 'w.bin', parent: '../secret.bin', absolute: secret, symlink: 'link.bin' };
    for (const [name, location] of Object.entries(cases)) await writeFile(join(modelDir, `${name}.onnx`), matmulModel({ location }));
    const inside = await createModel(onnx, { path: join(modelDir, 'inside.onnx') }, 5);
    expect(Array.from(await inside.predict(Float64Array.from([1, 1, 1, 1, 1, 0, 0, 0, 0, 1]), 2))).toEqual([15, 5]);
    inside.dispose();
    for (const name of ['parent', 'absolute', 'symlink']) {
      const e = await rejection(createModel(onnx, { path: join(modelDir, `${name}.onnx`) }, 5));
      expect(e.exitCode, name).toBe(2);
      expect(e.message, name).toMatch(/cannot load the file.*External data/s);
    }
  });

  it('refuses, when loading, a fixed batch dimension and more than one output column (exit 2; they failed at the first prediction with exit 3)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regaudit-onnx-shapes-'));
    const cases = {
      plain: matmulModel({ values: [1, 2, 3, 4, 5] }),
      fixed: matmulModel({ values: [1, 2, 3, 4, 5] }, { batch: 1 }),
      two: matmulModel({ values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, { outputs: 2 }),
    };
    for (const [name, bytes] of Object.entries(cases)) await writeFile(join(dir, `${name}.onnx`), bytes);
    const plain = await createModel(onnx, { path: join(dir, 'plain.onnx') }, 5);
    expect(Array.from(await plain.predict(Float64Array.from([1, 0, 0, 0, 1]), 1))).toEqual([6]);
    plain.dispose();
    const fixed = await rejection(createModel(onnx, { path: join(dir, 'fixed.onnx') }, 5));
    expect(fixed.exitCode).toBe(2);
    expect(fixed.message).toMatch(/fixed batch dimension \(shape \[1, 5\]\).*dynamic batch dimension/);
    const two = await rejection(createModel(onnx, { path: join(dir, 'two.onnx') }, 5));
    expect(two.exitCode).toBe(2);
    expect(two.message).toMatch(/output `y` has shape \[n, 2\]; regaudit reads one prediction per row/);
  });
});
