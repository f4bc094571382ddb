/** Resolved options of the `label-audit` defense (options.schema.json; a test keeps the two in sync). */

/** Resolved `label-audit` options. */
export interface LabelAuditOptions {
  /** Fraction of training rows re-labeled. @default 1 */
  readonly fraction: number;
  /** @default 1e-6 */
  readonly tolerance: number;
  /** @default 0.001 */
  readonly relativeTolerance: number;
  /** @default 4096 */
  readonly batchSize: number;
}
