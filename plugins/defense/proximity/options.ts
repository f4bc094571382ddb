/** Resolved options of the `proximity` defense (options.schema.json plus the shared detector options; a test keeps them in sync). */
import type { SharedDetectorOptions } from '../../../src/detect/options.ts';

/** Resolved `proximity` options. */
export interface ProximityOptions extends SharedDetectorOptions {
  /** Radius of proximity. @default 0.1 */
  readonly radius: number;
  /** Where distances are measured. @default 'input' */
  readonly space: 'input' | 'activations';
  /** Activation layer; '' means the last listed layer. @default '' */
  readonly layer: string;
  /** Test counts less one (the maximizer's own seed row). @default true */
  readonly discountSeed: boolean;
  /** Monte Carlo samples per ball fraction. @default 512 */
  readonly ballSamples: number;
}
