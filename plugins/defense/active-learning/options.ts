/** Resolved options of the `active-learning` defense (options.schema.json; a test keeps the two in sync). */
import type { SearchOptions } from '../../../src/search/options.ts';

/** Resolved `active-learning` options. */
export interface ActiveLearningOptions {
  /** Run the rounds after detect. @default true */
  readonly mitigate: boolean;
  /** With (`retrain`) or without (`finetune`) the training set. @default 'retrain' */
  readonly mode: 'retrain' | 'finetune';
  /** @default 2 */
  readonly rounds: number;
  /** Training-set weight (mode retrain). @default 0.99 */
  readonly alpha: number;
  /** Fine-tuning learning rate. @default 0.0001 */
  readonly learningRate: number;
  /** Fine-tuning epochs per round. @default 20 */
  readonly epochs: number;
  /** The defense's own searches. @default the search schema's defaults */
  readonly search: SearchOptions;
}
