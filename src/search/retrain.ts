/**
 * Alpha-weighted retraining (paper section 4.1, after [10]): a fresh model trained on train ∪ extra with
 * an MSE that gives the training set total weight alpha and the extra samples (maximizers with their
 * oracle labels) total weight 1 - alpha.
 */
import { concatDatasets, type Dataset, type TrainingSet } from '../core/dataset.ts';
import { badAlpha, modelCannotTrain } from '../core/errors.ts';
import type { Model, ModelPlugin } from '../core/model.ts';
import type { PluginContext } from '../core/plugin.ts';

/** What `retrainWeighted` trains on. */
export interface RetrainInput {
  readonly modelPlugin: ModelPlugin<unknown>;
  readonly modelOptions: unknown;
  readonly train: Dataset;
  readonly extra: Dataset;
  /** Total weight of `train`; `extra` carries 1 - alpha. In [0, 1]. */
  readonly alpha: number;
  readonly seed: number;
}

/**
 * train ∪ extra with per-sample weights alpha N / n_train on train rows and (1 - alpha) N / n_extra on
 * extra rows (N = n_train + n_extra): the two sets total alpha and 1 - alpha of the weight, and the mean
 * weight is 1 so a weighted-mean loss keeps its scale (and learning rates their meaning). With an empty
 * set, the other gets all the weight.
 */
export function alphaWeightedSet(train: Dataset, extra: Dataset, alpha: number): TrainingSet {
  if (!(alpha >= 0 && alpha <= 1)) throw badAlpha(alpha);
  const data = concatDatasets(train, extra);
  const total = data.n;
  const a = extra.n === 0 ? 1 : train.n === 0 ? 0 : alpha;
  const wTrain = train.n ? (a * total) / train.n : 0;
  const wExtra = extra.n ? ((1 - a) * total) / extra.n : 0;
  const weights = new Float64Array(total);
  weights.fill(wTrain, 0, train.n);
  weights.fill(wExtra, train.n);
  return { ...data, weights };
}

/** Trains a fresh model (modelPlugin.create) on the alpha-weighted union of `train` and `extra`. */
export async function retrainWeighted(input: RetrainInput, ctx: PluginContext): Promise<Model> {
  const { modelPlugin } = input;
  if (!modelPlugin.canTrain) throw modelCannotTrain(modelPlugin.name, { plugin: modelPlugin.name, stage: 'mitigate' }, 'alpha-weighted retraining needs to train a fresh model');
  const data = alphaWeightedSet(input.train, input.extra, input.alpha);
  const model = await modelPlugin.create(input.modelOptions, ctx, { nFeatures: data.nFeatures });
  if (!model.fit) {
    model.dispose();
    throw modelCannotTrain(modelPlugin.name, { plugin: modelPlugin.name, stage: 'mitigate' }, 'its instances have no `fit`');
  }
  try {
    await model.fit(data, ctx, { seed: input.seed });
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
