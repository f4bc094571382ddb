/**
 * The report contract (schema/report.schema.json describes the JSON form). Other tools read
 * `<out>/<spec name>/report.json`: change these shapes only with a `schemaVersion` bump and a note.
 */

/** Current report schema version. */
export const REPORT_SCHEMA_VERSION = 1;

/** Overall outcome of an audit. */
export type AuditStatus = 'passed' | 'failed' | 'errored' | 'interrupted';

/** One gate evaluated against one run. */
export interface GateResult {
  readonly metric: string;
  readonly min?: number;
  readonly max?: number;
  /** Baseline gate (`--baseline`): the largest allowed relative rise, value / baseline - 1 (0.05 = +5%). */
  readonly maxIncrease?: number;
  /** Baseline gate: the largest allowed relative fall, 1 - value / baseline (0.05 = -5%). */
  readonly maxDecrease?: number;
  /** Baseline gate: the metric's value in the baseline report's run with the same id (null when missing). */
  readonly baseline?: number | null;
  /** The metric's value in the run it was read from (null when the run errored or lacks it). */
  readonly value: number | null;
  readonly pass: boolean;
  /** Id of the run the value was read from. */
  readonly run: string;
  /** Why it failed, in words, when it did. */
  readonly message?: string;
}

/** Where and why a run failed. */
export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly plugin?: string;
  readonly stage?: string;
  readonly cause?: string;
}

/** Per-maximizer data kept for charts. */
export interface MaximizerDetail {
  /** Normalized locations, one array per maximizer. */
  readonly x: number[][];
  readonly absError: number[];
  /** Concentration (count or density) per defense name. */
  readonly concentration: Record<string, number[]>;
  /** Flagged maximizer indices per defense name. */
  readonly flagged: Record<string, number[]>;
}

/** Data behind the charts of one run; optional, reporters draw what is there. */
export interface RunDetails {
  readonly featureNames?: readonly string[];
  /** The backdoor region (normalized) when the run has an attack. */
  readonly region?: { lower: number[]; upper: number[] };
  readonly maximizers?: MaximizerDetail;
  /** Mitigation curves per defense name. */
  readonly mitigation?: Record<string, { alpha: number; variant: string; metrics: Record<string, number> }[]>;
}

/** One run of a sweep. */
export interface RunReport {
  /** Stable id: `run-<index>` in sweep order, so shards merge. */
  readonly id: string;
  readonly index: number;
  /** Sweep parameters keyed by dotted path, e.g. `attack.nAttack`. */
  readonly params: Record<string, unknown>;
  readonly status: 'ok' | 'errored' | 'interrupted' | 'skipped';
  /** Metric values keyed by name, e.g. `clean.mse`. */
  readonly metrics: Record<string, number>;
  readonly error?: RunError;
  readonly seconds: number;
  readonly details?: RunDetails;
}

/** The whole audit. */
export interface AuditReport {
  readonly schemaVersion: number;
  readonly name: string;
  /** Path of the spec file as given. */
  readonly spec: string;
  readonly seed: number;
  /** The `--scale` factor applied to sample counts; absent means 1. */
  readonly scale?: number;
  readonly status: AuditStatus;
  readonly startedAt: string;
  readonly seconds: number;
  readonly environment: { readonly regaudit: string; readonly node: string; readonly backend?: string };
  readonly gates: readonly GateResult[];
  readonly runs: readonly RunReport[];
}
