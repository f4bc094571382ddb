/** Resolved options of the mlp model (kept in sync with options.schema.json by a test). */
import type { EngineName } from '../../../src/tf/gradient-engine.ts';
import type { OptimizerName } from '../../../src/tf/optimizer.ts';

/** Options of the `mlp` model, every field filled in from the schema's defaults. */
export interface MlpOptions {
  /** @default [128, 256, 512, 256, 128] */
  hidden: number[];
  /** @default 'adam' */
  optimizer: OptimizerName;
  /** @default 0.01 */
  learningRate: number;
  /** @default 50 */
  lrDropEvery: number;
  /** @default 0.1 */
  lrDropFactor: number;
  /** @default 500 */
  maxEpochs: number;
  /** @default 10 */
  stopWindow: number;
  /** @default 0.001 */
  stopTolerance: number;
  /** @default 'full' */
  batchSize: number | 'full';
  /** @default 8192 */
  chunkRows: number;
  /** @default 'auto' */
  threads: number | 'auto';
  /** @default 'auto' */
  engine: EngineName | 'auto';
  /** @default false */
  standardizeInputs: boolean;
  /** @default 0 */
  emaDecay: number;
}
