/**
 * Resolved options of the `degradation` attack (every field filled in from options.schema.json's
 * defaults; a test keeps the two in sync).
 */
import type { OrderRule, RegionFeature } from '../shared/region.ts';

/** Resolved `degradation` options; see options.schema.json for each field's meaning and default. */
export interface DegradationOptions {
  /** Correctly labeled rows concentrated in the region. @default 20000 */
  readonly nSamples: number;
  /** The `min < lower < upper < max` rule, or null. @default barrier < strike in (0.9, 1) */
  readonly order: OrderRule | null;
  /** Confined features. @default time 0.5, vol 0.2, rate 0.5, width 0.1 each */
  readonly region: readonly RegionFeature[];
}
