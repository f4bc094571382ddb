/**
 * The PyTorch-trained barrier MLP fixture (scripts/fixtures/make_onnx_fixture.py): its domain, its CSV
 * test set, PyTorch's metrics on it, and an exact float64 forward pass and input gradient computed from
 * the layer weights, independent of onnxruntime and tfjs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { defineDomain, type Domain } from '../../../src/core/domain.ts';
import { isRegauditError, type RegauditError } from '../../../src/core/errors.ts';
import type { Model, ModelPlugin } from '../../../src/core/model.ts';
import type { PluginContext } from '../../../src/core/plugin.ts';
import { silentLogger, silentProgress } from '../../../src/core/plugin.ts';
import { Rng } from '../../../src/core/rng.ts';
import { readCsvDataset, type CsvDataset } from '../../../src/data/csv.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

/** One dense layer as the fixture JSON stores it (kernel: inputs x units). */
interface Layer {
  units: number;
  activation: 'relu' | 'linear';
  kernel: number[][];
  bias: number[];
}

/** The fixture's metadata file. */
export interface BarrierMlpFixture {
  features: { name: string; min: number; max: number }[];
  n: number;
  torch: { mse: number; mae: number; firstPredictions: number[] };
  layers: Layer[];
}

/** Absolute path of a file under fixtures/. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../../fixtures/${relative}`, import.meta.url));
}

/** The fixture metadata. */
export const barrierMlp: BarrierMlpFixture = JSON.parse(readFileSync(fixturePath('models/barrier-mlp.json'), 'utf8'));

/** The fixture's domain: the barrier oracle's feature names and ranges, barrier below strike. */
export const barrierDomain: Domain = defineDomain({ features: barrierMlp.features, isFeasible: (r) => r[0]! < r[1]! });

/** A plugin context for tests. */
export function testContext(seed = 1): PluginContext {
  return { rng: new Rng(seed), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
}

/** The fixture's CSV test set, read by readCsvDataset. */
export function readTestSet(): Promise<CsvDataset> {
  return readCsvDataset(fixturePath('data/barrier-test.csv'), barrierDomain);
}


/** A model from `plugin` with the `given` options (resolved as the spec layer does) for `nFeatures` inputs. */
export function createModel<O>(plugin: ModelPlugin<O>, given: Record<string, unknown>, nFeatures = 5): Promise<Model> {
  return plugin.create(optionsWithDefaults<O>(plugin.optionsSchema, given), testContext(), { nFeatures });
}

/** `create(extra, nFeatures)`: a model of the fixture file at `path` through `plugin`, with `extra` options. */
export function fixtureModelFactory<O>(plugin: ModelPlugin<O>, path: string): (extra?: Record<string, unknown>, nFeatures?: number) => Promise<Model> {
  return (extra = {}, nFeatures = 5) => createModel(plugin, { path, ...extra }, nFeatures);
}

/** Mean squared and mean absolute error of `pred` against the test set's labels. */
export function testSetErrors(pred: ArrayLike<number>, test: CsvDataset): { mse: number; mae: number } {
  let se = 0;
  let ae = 0;
  for (let i = 0; i < test.n; i++) {
    const e = pred[i]! - test.y![i]!;
    se += e * e;
    ae += Math.abs(e);
  }
  return { mse: se / test.n, mae: ae / test.n };
}

/** Asserts that `pred` on the test set gives PyTorch's clean MSE and MAE (relative 1e-4) and its first predictions (float32 precision). */
export function expectTorchMetrics(pred: ArrayLike<number>, test: CsvDataset): void {
  expect(test.n).toBe(barrierMlp.n);
  const { mse, mae } = testSetErrors(pred, test);
  expect(Math.abs(mse / barrierMlp.torch.mse - 1)).toBeLessThan(1e-4);
  expect(Math.abs(mae / barrierMlp.torch.mae - 1)).toBeLessThan(1e-4);
  barrierMlp.torch.firstPredictions.forEach((p, i) => expect(pred[i]).toBeCloseTo(p, 4));
}

/** The RegauditError `p` rejects with; throws when it resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<RegauditError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!isRegauditError(e)) throw new Error(`expected a RegauditError, got ${String(e)}`);
  return e;
}

/** Exact float64 prediction of the fixture network at one normalized row, and its input gradient (backprop by hand). */
export function exactForward(row: ArrayLike<number>): { y: number; grad: number[] } {
  let a = Array.from(row);
  // Jacobian of the current activations with respect to the input: one row per unit.
  let jac: number[][] = a.map((_, i) => a.map((_, k) => (i === k ? 1 : 0)));
  for (const layer of barrierMlp.layers) {
    const relu = layer.activation === 'relu';
    const z = layer.bias.map((b, u) => a.reduce((s, v, i) => s + v * layer.kernel[i]![u]!, b));
    const jz = layer.bias.map((_, u) => jac[0]!.map((_, k) => jac.reduce((s, r, i) => s + layer.kernel[i]![u]! * r[k]!, 0)));
    a = z.map((v) => (relu ? Math.max(v, 0) : v));
    jac = jz.map((r, u) => (relu && z[u]! <= 0 ? r.map(() => 0) : r));
  }
  return { y: a[0]!, grad: jac[0]! };
}
