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
  /** Which number of the run's estimate the gate compared (`mean` when absent). */
  readonly on?: 'mean' | 'upper' | 'lower';
  /** pass, fail, or inconclusive (the interval straddles a bound); `pass` folds in the spec's `inconclusive` rule. */
  readonly verdict?: 'pass' | 'fail' | 'inconclusive';
  /** The 95% interval of the metric the gate read, when the run has one (repeats, or a Wilson proportion). */
  readonly lo?: number;
  readonly hi?: number;
}

/** Where and why a run failed. */
export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly plugin?: string;
  readonly stage?: string;
  readonly cause?: string;
  /** The exit code the error gives the audit: 2 for bad input, 3 otherwise (absent in older reports: 3). */
  readonly exitCode?: 2 | 3;
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

/**
 * A metric's statistics in one run: over its `n` repeated trainings (`method: 't'`, a Student-t 95%
 * interval for the mean), or a proportion counted within one training (`method: 'wilson'`).
 */
export interface MetricStats {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation over the repeats (0 for one). */
  readonly std: number;
  /** 95% confidence interval. */
  readonly lo: number;
  readonly hi: number;
  /** Each repeat's value, in repeat order. */
  readonly values: number[];
  readonly method: 't' | 'wilson';
  /** The count behind a Wilson interval. */
  readonly successes?: number;
  readonly trials?: number;
}

/** How the audit's runs were repeated and paired (absent: one training, paired baselines). */
export interface StatisticsInfo {
  /** Trainings per run. */
  readonly repeats: number;
  /** `paired`: baseline and poisoned model share seeds (common random numbers); `unpaired`: independent seeds. */
  readonly design: 'paired' | 'unpaired';
  /** Whether an inconclusive gate verdict fails the build (`fail`) or passes it. */
  readonly inconclusive: 'fail' | 'pass';
  /** Epochs each poisoned model shared with its paired baseline before forking (absent: none). */
  readonly sharedEpochs?: number;
}

/** One run of a sweep. */
export interface RunReport {
  /** Stable id: `run-<index>` in sweep order, so shards merge. */
  readonly id: string;
  readonly index: number;
  /** Sweep parameters keyed by dotted path, e.g. `attack.nAttack`. */
  readonly params: Record<string, unknown>;
  readonly status: 'ok' | 'errored' | 'interrupted' | 'skipped';
  /** Metric values keyed by name, e.g. `clean.mse`; with repeats, the mean over the repeats. */
  readonly metrics: Record<string, number>;
  /** Spread and 95% interval per metric (with repeats, or a Wilson interval for a detector rate). */
  readonly stats?: Record<string, MetricStats>;
  /**
   * With repeats, metrics left out of `metrics` because only some repeats reported them (a detector
   * rate with no trials in the others): how many repeats did (additive in schemaVersion 1).
   */
  readonly partial?: Record<string, number>;
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
  /** Repeats and pairing (additive in schemaVersion 1; absent in reports of audits without them). */
  readonly statistics?: StatisticsInfo;
  /**
   * Present in a shard's report (`--shard i/n`, additive in schemaVersion 1): the shard, the sweep's run
   * count and the spec's gate definitions, which `merge-reports` evaluates again on the merged runs.
   */
  readonly shard?: {
    readonly index: number;
    readonly count: number;
    readonly runs: number;
    readonly gates: readonly Record<string, unknown>[];
    /** Fingerprint of what every run computes (plugins, options, data contents; no paths): shards of other specs differ. */
    readonly plan?: string;
    /** Fingerprint of regaudit's code (src/, plugins/, the package lock): shards of other versions differ. */
    readonly code?: string;
  };
  readonly gates: readonly GateResult[];
  readonly runs: readonly RunReport[];
}

/**
 * How many trainings a run's metrics combine, read from its statistics (a t interval's `n`); 1 for a
 * single training (no statistics, or only a detector rate's Wilson interval).
 */
export function repeatsOf(run: Pick<RunReport, 'stats'>): number {
  return Math.max(1, ...Object.values(run.stats ?? {}).map((s) => (s.method === 't' ? s.n : 1)));
}
