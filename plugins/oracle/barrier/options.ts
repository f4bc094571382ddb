/** Resolved options of the barrier oracle (kept in sync with options.schema.json by a test). */
import type { BarrierType } from './formula.ts';

/** Options of the `barrier` oracle, every field filled in from the schema's defaults. */
export interface BarrierOptions {
  /** @default 'down-out-put' */
  type: BarrierType;
  /** @default 100 */
  spot: number;
  /** @default 0 */
  rebate: number;
  /** @default 0 */
  dividend: number;
  /** @default 10 */
  barrierMin: number;
  /** @default 100 */
  barrierMax: number;
}
