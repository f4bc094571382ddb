/**
 * Resolved options of the `localized-backdoor` attack (every field filled in from options.schema.json's
 * defaults; a test keeps the two in sync).
 */
import type { OrderRule, RegionFeature } from '../shared/region.ts';

/** Resolved `localized-backdoor` options; see options.schema.json for each field's meaning and default. */
export interface LocalizedBackdoorOptions {
  /** Mislabeled rows in the box. @default 2000 */
  readonly nAttack: number;
  /** Correctly labeled rows in the ring around the box. @default 8000 */
  readonly nClean: number;
  /** Attack test rows in the box, true labels. @default 10000 */
  readonly nAttackTest: number;
  /** m: the mislabeled rows' label is m * z. @default 1.5 */
  readonly multiplier: number;
  /** Success band half-width around m. @default 0.1 */
  readonly tolerance: number;
  /** The `min < lower < upper < max` rule, or null. @default barrier < strike in (0.9, 1) */
  readonly order: OrderRule | null;
  /** Confined features. @default time 0.5, vol 0.2, rate 0.5, width 0.1 each */
  readonly trigger: readonly RegionFeature[];
  /** How clean rows surround the box. @default 'each' */
  readonly ring: 'each' | 'shell';
}
