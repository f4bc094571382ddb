/** Resolved options of the `gmm` defense (options.schema.json plus the shared detector options; a test keeps them in sync). */
import type { SharedDetectorOptions } from '../../../src/detect/options.ts';

/** Resolved `gmm` options. */
export interface GmmDefenseOptions extends SharedDetectorOptions {
  /** @default 1 */
  readonly kMin: number;
  /** @default 8 */
  readonly kMax: number;
  /** @default 300 */
  readonly maxIter: number;
  /** Small: a component shrinking onto a tight cluster improves the likelihood slowly. @default 0.0001 */
  readonly tol: number;
  /** @default 1e-6 */
  readonly regCovar: number;
  /** @default 1 */
  readonly nInit: number;
  /** @default 20000 */
  readonly maxSamples: number;
  /** How Q is formed. @default 'radius' */
  readonly suspects: 'radius' | 'component';
  /** @default 0.1 */
  readonly radius: number;
}
