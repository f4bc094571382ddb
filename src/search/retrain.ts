/** Alpha-weighted retraining (paper section 4.1): a fresh model on train ∪ extra, train weighted alpha. */
import type { Dataset } from '../core/dataset.ts';
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

/** Trains a fresh model on train ∪ extra with train totalling weight alpha (implementation in progress). */
export async function retrainWeighted(input: RetrainInput, ctx: PluginContext): Promise<Model> {
  void input; void ctx;
  throw new Error('retrainWeighted: not implemented yet');
}
