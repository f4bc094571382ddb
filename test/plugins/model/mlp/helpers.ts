/** Small datasets, contexts and option sets for the mlp tests. */
import { Ajv } from 'ajv';
import type { TrainingSet } from '../../../../src/core/dataset.ts';
import type { PluginContext, ProgressReporter } from '../../../../src/core/plugin.ts';
import { silentLogger, silentProgress } from '../../../../src/core/plugin.ts';
import { Rng } from '../../../../src/core/rng.ts';
import mlp, { type MlpOptions } from '../../../../plugins/model/mlp/index.ts';

/** A test context with seed `seed`. */
export function context(seed = 1, progress: ProgressReporter = silentProgress): PluginContext {
  return { rng: new Rng(seed, 'test'), log: silentLogger, progress, signal: new AbortController().signal };
}

/** The schema's defaults with `overrides` applied, validated like the spec layer does. */
export function options(overrides: Partial<MlpOptions> = {}): MlpOptions {
  const o: Record<string, unknown> = { ...overrides };
  const validate = new Ajv({ useDefaults: true, allErrors: true }).compile(mlp.optionsSchema);
  if (!validate(o)) throw new Error(JSON.stringify(validate.errors));
  return o as unknown as MlpOptions;
}

/** A tiny, fast configuration: two small layers, constant learning rate, no early stop. */
export function tiny(overrides: Partial<MlpOptions> = {}): MlpOptions {
  return options({ hidden: [16, 16], learningRate: 0.01, lrDropEvery: 0, stopWindow: 0, maxEpochs: 60, threads: 1, ...overrides });
}

/** n rows of a smooth 2-feature function y = sin(3 x0) + x1^2 (seeded). */
export function smooth(n: number, seed = 7): TrainingSet {
  const rng = new Rng(seed, 'smooth');
  const x = new Float64Array(n * 2), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.next(), b = rng.next();
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = Math.sin(3 * a) + b * b;
  }
  return { n, nFeatures: 2, x, y };
}

/** Mean squared error of `pred` against `y`. */
export function mse(pred: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i]! - y[i]!) ** 2;
  return s / y.length;
}
