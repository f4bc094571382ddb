/** Resolved options of the `gmm` defense (options.schema.json plus the shared detector options; a test keeps them in sync). */
import type { GmmFitOptions } from '../../../src/detect/gmm.ts';
import type { SharedDetectorOptions } from '../../../src/detect/options.ts';

/** Resolved `gmm` options: the EM settings (defaults: maxIter 300, tol 0.0001, regCovar 1e-6, nInit 1) and the defense's own. */
export interface GmmDefenseOptions extends SharedDetectorOptions, GmmFitOptions {
  /** @default 1 */
  readonly kMin: number;
  /** @default 8 */
  readonly kMax: number;
  /** @default 20000 */
  readonly maxSamples: number;
  /** How Q is formed. @default 'radius' */
  readonly suspects: 'radius' | 'component';
  /** @default 0.1 */
  readonly radius: number;
}
