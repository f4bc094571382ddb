/**
 * Model contract: the regression network Y under audit. Models see normalized features in [0, 1]
 * (domain order) and predict in the oracle's units. Trainable models implement `fit`; imported ones
 * (ONNX, tfjs files) do not, and the engine then skips training stages.
 */
import type { TrainingSet } from './dataset.ts';
import type { PluginBase, PluginContext } from './plugin.ts';

/** Overrides for one call to `fit` (fine-tuning, retraining). */
export interface FitOverrides {
  /** Continue from the current weights instead of re-initializing (fine-tuning). Default false. */
  readonly warmStart?: boolean;
  readonly learningRate?: number;
  readonly maxEpochs?: number;
  /**
   * Seed for initialization and shuffling. Two fits with the same seed and data give the same weights
   * (paired baselines use one seed for baseline and poisoned model).
   */
  readonly seed?: number;
  /**
   * Train the first `epochs` epochs on rows 0..rows-1 alone, scaling targets (if the model does) by
   * those rows, and only then on every row. With the same seed, the fit then follows a fit on those
   * rows alone exactly for those epochs (as far as that fit trained) and forks from it afterwards: the
   * paired design's `sharedEpochs` (docs/statistics.md). Only models whose plugin declares
   * `canShareEpochs` honour it, and they must keep those epochs out of any stopping rule, so that the
   * other rows are always visited.
   */
  readonly baseOnly?: { readonly rows: number; readonly epochs: number };
}

/** What a training run reports. */
export interface FitResult {
  readonly epochs: number;
  /** Final training MSE (weighted when weights are given), in the oracle's units squared. */
  readonly trainMse: number;
  readonly seconds: number;
  /**
   * Training MSE per epoch. For callers of `fit` (scripts, tests); the engine's report computes
   * `train.mse` itself and does not keep these.
   */
  readonly history?: readonly number[];
}

/** Activations of one internal layer: `width` values per row, row-major. */
export interface Activations {
  readonly width: number;
  readonly values: Float32Array;
}

/** A model instance. */
export interface Model {
  readonly nFeatures: number;
  /** Trains on `data` (per-sample weights honored). Absent for imported models. */
  fit?(data: TrainingSet, ctx: PluginContext, overrides?: FitOverrides): Promise<FitResult>;
  /** Predictions for `n` normalized rows. */
  predict(x: Float64Array, n: number): Promise<Float64Array>;
  /** dY/dx for `n` normalized rows, row-major n x nFeatures (backprop or finite differences). */
  inputGradient?(x: Float64Array, n: number): Promise<Float64Array>;
  /** Names of internal layers whose activations `activations` can return. */
  readonly layerNames?: readonly string[];
  /** Activations of internal layer `layer` for `n` rows. */
  activations?(x: Float64Array, n: number, layer: string): Promise<Activations>;
  /** Saves the model under `dir` (created if absent) so that `ModelPlugin.load` can restore it. */
  save?(dir: string): Promise<void>;
  /** Releases native or GPU memory. */
  dispose(): void;
}

/** A model plugin. */
export interface ModelPlugin<Options = Record<string, unknown>> extends PluginBase<'model', Options> {
  /** True when instances implement `fit`; attacks and retraining defenses require it. */
  readonly canTrain: boolean;
  /** True when instances implement `inputGradient` by backpropagation (else finite differences). */
  readonly hasInputGradient: boolean;
  /** True when instances implement `activations`. */
  readonly hasActivations: boolean;
  /** True when `fit` honours `FitOverrides.baseOnly`, which a spec's `sharedEpochs` needs (default false). */
  readonly canShareEpochs?: boolean;
  /** The most epochs a fit with `options` trains, when the plugin knows it: validation refuses a `sharedEpochs` not below it. */
  epochsOf?(options: Options): number;
  /** A fresh (untrained, or imported) model for `nFeatures` inputs. */
  create(options: Options, ctx: PluginContext, shape: { nFeatures: number }): Promise<Model>;
  /** Restores a model written by `Model.save`. */
  load?(dir: string, options: Options, ctx: PluginContext): Promise<Model>;
}

/** Defines a model plugin with its types checked. */
export function defineModel<Options>(plugin: ModelPlugin<Options>): ModelPlugin<Options> {
  return plugin;
}
