/**
 * An `mlp` model instance: a tfjs network (network.ts) for prediction, input gradients, activations and
 * saving, trained by the data-parallel loop of src/tf/trainer.ts on standardized targets and, with
 * `standardizeInputs`, standardized inputs (input-scaling.ts).
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { TrainingSet } from '../../../src/core/dataset.ts';
import { mlpData, mlpLayer } from '../../../src/core/errors.ts';
import type { Activations, FitOverrides, FitResult, Model } from '../../../src/core/model.ts';
import type { PluginContext } from '../../../src/core/plugin.ts';
import { Rng } from '../../../src/core/rng.ts';
import { tfBackend } from '../../../src/tf/backend.ts';
import { sharedFloat32, type SharedTrainData } from '../../../src/tf/chunks.ts';
import { resolveEngine, type EngineName } from '../../../src/tf/gradient-engine.ts';
import { initParams, type ParamLayout } from '../../../src/tf/mlp-math.ts';
import { train, type TrainSettings } from '../../../src/tf/trainer.ts';
import { fileIOHandler } from '../tfjs-file/file-io.ts';
import type { OrtInference } from '../../../src/tf/ort-mlp.ts';
import { SerialResource } from '../../../src/tf/serial-resource.ts';
import { firstLayerFromStandardized, firstLayerToStandardized, standardizeInputs } from './input-scaling.ts';
import { getNetworkParams, hiddenLayerNames, setNetworkParams, type TargetScale } from './network.ts';
import type { MlpOptions } from './options.ts';

/** Plugin name, for error origins. */
export const MLP = 'mlp';
/** Rows per tensor in predict, inputGradient and activations. */
const EVAL_ROWS = 8192;
/** Below this many rows `threads: auto` trains in the main thread only (worker start-up would dominate). */
const AUTO_THREADS_MIN_ROWS = 4096;

/** Mean and standard deviation (1 when constant) of the targets. */
function targetScale(y: Float64Array): TargetScale {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / y.length);
  // float32 values, as the network's `unscale` layer stores them, so a saved model predicts the same.
  return { mean: Math.fround(mean), std: Math.fround(std > 0 ? std : 1) };
}

/**
 * Checks a training set against the model and copies it into shared float32 columns with scaled targets
 * and, when `standardize`, standardized features.
 */
function sharedData(data: TrainingSet, nFeatures: number, scale: TargetScale, standardize: boolean): SharedTrainData {
  const origin = { plugin: MLP, stage: 'fit' };
  if (data.nFeatures !== nFeatures) throw mlpData(origin, `the training set has ${data.nFeatures} features but the model takes ${nFeatures}.`, 'Train on rows of the oracle domain the model was created for.');
  if (data.n < 1 || data.x.length !== data.n * nFeatures || data.y.length !== data.n) throw mlpData(origin, `the training set is empty or its columns disagree with n = ${data.n}.`, 'Give at least one row, with n x nFeatures inputs and n labels.');
  const x = sharedFloat32(data.x.length), y = sharedFloat32(data.n), w = sharedFloat32(data.n);
  x.set(standardize ? standardizeInputs(data.x) : data.x);
  let total = 0;
  for (let i = 0; i < data.n; i++) {
    const yi = data.y[i]!, wi = data.weights ? data.weights[i]! : 1;
    if (!Number.isFinite(yi)) throw mlpData(origin, `training target ${i} is ${yi}.`, 'Labels must be finite numbers.');
    if (!(wi >= 0) || !Number.isFinite(wi)) throw mlpData(origin, `sample weight ${i} is ${wi}.`, 'Weights must be finite and non-negative.');
    y[i] = (yi - scale.mean) / scale.std;
    w[i] = wi;
    total += wi;
  }
  if (data.weights && data.weights.length !== data.n) throw mlpData(origin, `there are ${data.weights.length} weights for ${data.n} rows.`, 'Give one weight per row, or none.');
  if (!(total > 0)) throw mlpData(origin, 'all sample weights are zero.', 'Give at least one sample a positive weight.');
  return { n: data.n, nFeatures, x, y, w };
}

/** `FitOverrides.baseOnly` checked against the fit (all rows for no epochs when absent). */
function checkBaseOnly(baseOnly: FitOverrides['baseOnly'], n: number, maxEpochs: number): FitOverrides['baseOnly'] {
  if (!baseOnly) return undefined;
  const origin = { plugin: MLP, stage: 'fit' };
  const { rows, epochs } = baseOnly;
  if (!(Number.isInteger(rows) && rows >= 1 && rows <= n)) throw mlpData(origin, `the base rows of a shared-epochs fit are ${rows}, not a row count from 1 to the training set's ${n}.`, 'Pass the baseline\'s row count, which the training set starts with.');
  if (!(Number.isInteger(epochs) && epochs >= 0)) throw mlpData(origin, `the epochs a fit shares with its baseline are ${epochs}, not a whole number of epochs.`, 'Pass 0 or more epochs.');
  if (epochs >= maxEpochs) throw mlpData(origin, `the fit shares ${epochs} epochs with its baseline but trains ${maxEpochs}, so the rows after the base ones would never be visited.`, `Share fewer epochs than the fit trains (${maxEpochs}; in a spec, \`sharedEpochs\` below the model's \`maxEpochs\`).`);
  return { rows, epochs };
}

/**
 * The mlp model. The tfjs network holds the weights (saving, activations); predictions and input
 * gradients run on onnxruntime when that is the resolved engine (several times faster), else on tfjs.
 * Evaluations go one at a time; `dispose` frees the network and sessions once those requested have
 * settled (a run in flight keeps its sessions), and later evaluations reject.
 */
export class MlpModel implements Model {
  readonly nFeatures: number;
  readonly layerNames: readonly string[];
  private fitted: boolean;
  /** The network's weights and scaling, mirrored for the onnxruntime path. */
  private current: { params: Float32Array; scale: TargetScale };
  private ortInference: Promise<OrtInference> | undefined;
  private readonly guard = new SerialResource('mlp: the model');

  constructor(
    private readonly options: MlpOptions,
    private readonly layout: ParamLayout,
    private readonly net: tf.Sequential,
    fitted: boolean,
    private readonly engine: EngineName,
  ) {
    this.nFeatures = layout.sizes[0]!;
    this.layerNames = hiddenLayerNames(layout.sizes.length - 2);
    this.fitted = fitted;
    this.current = getNetworkParams(net, layout);
  }

  /** Re-initializes the weights from `rng` (Glorot-uniform kernels, zero biases) with identity scaling. */
  initialize(rng: Rng): void {
    this.setParams(initParams(this.layout, rng), { mean: 0, std: 1 });
  }

  private setParams(params: Float32Array, scale: TargetScale): void {
    setNetworkParams(this.net, this.layout, params, scale);
    this.current = { params: Float32Array.from(params), scale };
  }

  async fit(data: TrainingSet, ctx: PluginContext, overrides: FitOverrides = {}): Promise<FitResult> {
    const started = performance.now();
    const rng = overrides.seed === undefined ? ctx.rng.fork(MLP) : new Rng(overrides.seed, MLP);
    const warm = overrides.warmStart === true && this.fitted;
    const current = warm ? this.current : undefined;
    const o = this.options;
    const maxEpochs = overrides.maxEpochs ?? o.maxEpochs;
    const baseOnly = checkBaseOnly(overrides.baseOnly, data.n, maxEpochs);
    const scale = current?.scale ?? targetScale(baseOnly ? data.y.subarray(0, baseOnly.rows) : data.y);
    const params = sharedFloat32(this.layout.size);
    params.set(current?.params ?? initParams(this.layout, rng.fork('init')));
    // A cold start draws its initial weights for the standardized inputs; a warm start converts its own.
    if (o.standardizeInputs && current) firstLayerToStandardized(this.layout, params);
    const shared = sharedData(data, this.nFeatures, scale, o.standardizeInputs);
    const engine = await resolveEngine(o.engine);
    const settings: TrainSettings = {
      optimizer: o.optimizer,
      learningRate: overrides.learningRate ?? o.learningRate,
      lrDropEvery: o.lrDropEvery,
      lrDropFactor: o.lrDropFactor,
      maxEpochs,
      // A warm start fine-tunes for a few steps: an average of so short a path would lag its end.
      emaDecay: warm ? 0 : o.emaDecay,
      stopWindow: o.stopWindow,
      stopTolerance: o.stopTolerance,
      batchSize: o.batchSize,
      chunkRows: o.chunkRows,
      threads: resolveThreads(o.threads, data.n, engine),
      engine,
      baseOnly,
    };
    const task = `${MLP}: training`;
    const outcome = await train(this.layout, params, shared, settings, {
      rng: rng.fork('shuffle'),
      signal: ctx.signal,
      onEpoch: (epoch) => ctx.progress.update(task, epoch, settings.maxEpochs),
    });
    ctx.progress.finish(task);
    if (o.standardizeInputs) firstLayerFromStandardized(this.layout, params);
    this.setParams(params, scale);
    this.fitted = true;
    const trainMse = weightedMse(await this.predict(data.x, data.n), data);
    const s2 = scale.std * scale.std;
    return { epochs: outcome.epochs, trainMse, seconds: (performance.now() - started) / 1000, history: outcome.history.map((h) => h * s2) };
  }

  async predict(x: Float64Array, n: number): Promise<Float64Array> {
    this.checkRows(x, n);
    return this.guard.run(() => this.evaluate(x, n));
  }

  private async evaluate(x: Float64Array, n: number): Promise<Float64Array> {
    const out = new Float64Array(n);
    if (this.engine === 'onnxruntime') {
      await this.onOrt(x, n, false, (s, r) => out.set(r.out, s));
      const { mean, std } = this.current.scale;
      for (let i = 0; i < n; i++) out[i] = out[i]! * std + mean;
      return out;
    }
    for (let s = 0; s < n; s += EVAL_ROWS) {
      const e = Math.min(n, s + EVAL_ROWS);
      const y = tf.tidy(() => (this.net.predict(this.rows(x, s, e)) as tf.Tensor).dataSync());
      out.set(y, s);
    }
    return out;
  }

  async inputGradient(x: Float64Array, n: number): Promise<Float64Array> {
    this.checkRows(x, n);
    return this.guard.run(() => this.differentiate(x, n));
  }

  private async differentiate(x: Float64Array, n: number): Promise<Float64Array> {
    const d = this.nFeatures;
    const out = new Float64Array(n * d);
    if (this.engine === 'onnxruntime') {
      await this.onOrt(x, n, true, (s, r) => out.set(r.dx!, s * d));
      const { std } = this.current.scale;
      for (let i = 0; i < out.length; i++) out[i] = out[i]! * std;
      return out;
    }
    const grad = tf.grad((t: tf.Tensor) => tf.sum(this.net.apply(t) as tf.Tensor));
    for (let s = 0; s < n; s += EVAL_ROWS) {
      const e = Math.min(n, s + EVAL_ROWS);
      out.set(tf.tidy(() => grad(this.rows(x, s, e)).dataSync()), s * d);
    }
    return out;
  }

  async activations(x: Float64Array, n: number, layer: string): Promise<Activations> {
    this.checkRows(x, n);
    const depth = this.layerNames.indexOf(layer);
    if (depth < 0) throw mlpLayer({ plugin: MLP }, layer, this.layerNames);
    return this.guard.run(async () => this.hidden(x, n, depth));
  }

  private hidden(x: Float64Array, n: number, depth: number): Activations {
    const width = this.layout.sizes[depth + 1]!;
    const values = new Float32Array(n * width);
    for (let s = 0; s < n; s += EVAL_ROWS) {
      const e = Math.min(n, s + EVAL_ROWS);
      values.set(tf.tidy(() => {
        let h: tf.Tensor = this.rows(x, s, e);
        for (let l = 0; l <= depth; l++) h = this.net.layers[l]!.apply(h) as tf.Tensor;
        return h.dataSync();
      }), s * width);
    }
    return { width, values };
  }

  async save(dir: string): Promise<void> {
    await this.net.save(fileIOHandler(dir));
  }

  dispose(): void {
    void this.guard.close(async () => {
      this.net.dispose();
      // A failed session creation was already reported to the evaluation that started it.
      const ort = await this.ortInference?.catch(() => undefined);
      await ort?.release();
    });
  }

  /** Runs the onnxruntime inference graph over `x` in batches of EVAL_ROWS, handing each result to `use` with its first row. */
  private async onOrt(x: Float64Array, n: number, withGradient: boolean, use: (start: number, r: { out: Float32Array; dx?: Float32Array }) => void): Promise<void> {
    this.ortInference ??= import('../../../src/tf/ort-mlp.ts').then((m) => m.OrtInference.create(this.layout));
    const session = await this.ortInference;
    const d = this.nFeatures;
    for (let s = 0; s < n; s += EVAL_ROWS) {
      const e = Math.min(n, s + EVAL_ROWS);
      use(s, await session.run(this.current.params, Float32Array.from(x.subarray(s * d, e * d)), e - s, withGradient));
    }
  }

  /** Rows [s, e) of `x` as a float32 tensor. */
  private rows(x: Float64Array, s: number, e: number): tf.Tensor2D {
    const d = this.nFeatures;
    return tf.tensor2d(Float32Array.from(x.subarray(s * d, e * d)), [e - s, d]);
  }

  private checkRows(x: Float64Array, n: number): void {
    if (x.length !== n * this.nFeatures) throw mlpData({ plugin: MLP }, `got ${x.length} values for ${n} rows of ${this.nFeatures} features.`, 'Pass n x nFeatures inputs, row-major.');
  }
}

/** Weighted mean squared error of `pred` against `data.y` (weights all 1 when absent). */
function weightedMse(pred: Float64Array, data: TrainingSet): number {
  let se = 0, sw = 0;
  for (let i = 0; i < data.n; i++) {
    const w = data.weights ? data.weights[i]! : 1;
    se += w * (pred[i]! - data.y[i]!) ** 2;
    sw += w;
  }
  return se / sw;
}

/** The thread count for `threads`, `n` training rows and the gradient engine. */
function resolveThreads(threads: number | 'auto', n: number, engine: EngineName): number {
  if (threads !== 'auto') return threads;
  return (engine === 'tfjs' && tfBackend() === 'tensorflow') || n < AUTO_THREADS_MIN_ROWS ? 1 : availableParallelism();
}
