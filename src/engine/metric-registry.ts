/**
 * Every metric a run can report, with its meaning and direction. Gates may only name metrics listed
 * here (or matching a pattern), so a typo in a spec is caught before anything runs.
 */
import type { MetricRange } from '../stats/repeats.ts';

/** Whether larger values are better, worse, or neither. */
export type Direction = 'higher-is-better' | 'lower-is-better' | 'neutral';

/**
 * What values a metric takes: `proportion` in [0, 1] (its intervals are kept inside), `signed` of
 * either sign (relative gates are refused on it: a change relative to a negative value flips
 * direction), or `non-negative` (counts, errors, seconds).
 */
export type MetricValues = 'proportion' | 'signed' | 'non-negative';

/** A metric's documentation. */
export interface MetricInfo {
  /** Exact name, or a pattern with `<name>` standing for one dotted segment (a defense's name). */
  readonly name: string;
  readonly description: string;
  readonly direction: Direction;
  /** The values it takes; `signed` when not known (a defense's own metrics). */
  readonly values: MetricValues;
}

/** The registry. Order is the order reports list metrics in. */
export const METRICS: readonly MetricInfo[] = [
  { name: 'train.mse', description: 'MSE on the (poisoned) training set, against its own labels', direction: 'lower-is-better', values: 'non-negative' },
  { name: 'train.mae', description: 'MAE on the (poisoned) training set, against its own labels', direction: 'lower-is-better', values: 'non-negative' },
  { name: 'train.epochs', description: 'Epochs the poisoned (or only) model trained for', direction: 'neutral', values: 'non-negative' },
  { name: 'train.seconds', description: 'Seconds spent training the poisoned (or only) model', direction: 'neutral', values: 'non-negative' },
  { name: 'clean.mse', description: 'MSE on the clean test set (true oracle labels)', direction: 'lower-is-better', values: 'non-negative' },
  { name: 'clean.mae', description: 'MAE on the clean test set', direction: 'lower-is-better', values: 'non-negative' },
  { name: 'clean.mseDrift', description: 'clean.mse / clean.mse of the unpoisoned baseline (same data and seed) - 1', direction: 'lower-is-better', values: 'signed' },
  { name: 'clean.mseDelta', description: 'clean.mse - clean.mse of the unpoisoned baseline; with repeats its interval is the paired difference', direction: 'lower-is-better', values: 'signed' },
  { name: 'clean.below', description: 'Fraction of clean test samples with y/z < 1', direction: 'neutral', values: 'proportion' },
  { name: 'clean.above', description: 'Fraction of clean test samples with y/z > 1', direction: 'neutral', values: 'proportion' },
  { name: 'baseline.clean.mse', description: 'clean.mse of the unpoisoned baseline model', direction: 'lower-is-better', values: 'non-negative' },
  { name: 'baseline.clean.mae', description: 'clean.mae of the unpoisoned baseline model', direction: 'lower-is-better', values: 'non-negative' },
  { name: 'attack.below', description: 'Fraction of attack test samples with y/z < 1', direction: 'neutral', values: 'proportion' },
  { name: 'attack.above', description: 'Fraction of attack test samples with y/z > 1', direction: 'neutral', values: 'proportion' },
  { name: 'attack.successRate', description: 'Fraction of attack test samples with y in [(m - tol) z, (m + tol) z]', direction: 'lower-is-better', values: 'proportion' },
  { name: 'attack.mse', description: 'MSE on the attack test set (true labels)', direction: 'lower-is-better', values: 'non-negative' },
  { name: 'attack.mae', description: 'MAE on the attack test set (true labels)', direction: 'lower-is-better', values: 'non-negative' },
  { name: 'attack.nAttack', description: 'Mislabeled rows the attack planted', direction: 'neutral', values: 'non-negative' },
  { name: 'attack.nClean', description: 'Correctly labeled rows the attack planted around them', direction: 'neutral', values: 'non-negative' },
  { name: 'oracle.calls', description: 'Oracle rows priced in the run, all stages', direction: 'neutral', values: 'non-negative' },
  { name: 'oracle.seconds', description: 'Seconds spent in the oracle, all stages', direction: 'neutral', values: 'non-negative' },
  { name: 'search.maximizers', description: 'Unique local error maximizers found', direction: 'neutral', values: 'non-negative' },
  { name: 'search.oracleCalls', description: 'Oracle rows spent by the maximizer search', direction: 'neutral', values: 'non-negative' },
  { name: 'search.seconds', description: 'Seconds spent by the maximizer search', direction: 'neutral', values: 'non-negative' },
  { name: 'search.inRegion', description: "Maximizers inside the attack's backdoor region", direction: 'higher-is-better', values: 'non-negative' },
  { name: 'search.random.inRegion', description: 'In-region points of the random-sampling baseline with the same oracle budget', direction: 'neutral', values: 'non-negative' },
  { name: 'defense.<name>.flagged', description: 'Maximizers the defense flagged', direction: 'neutral', values: 'non-negative' },
  { name: 'defense.<name>.suspects', description: 'Training rows near flagged maximizers (Q)', direction: 'neutral', values: 'non-negative' },
  { name: 'defense.<name>.tpr', description: 'Mislabeled rows in Q over all mislabeled rows', direction: 'higher-is-better', values: 'proportion' },
  { name: 'defense.<name>.fpr', description: 'Non-attack rows in Q over all non-attack training rows', direction: 'lower-is-better', values: 'proportion' },
  { name: 'defense.<name>.precision', description: 'Mislabeled rows in Q over |Q|', direction: 'higher-is-better', values: 'proportion' },
  { name: 'defense.<name>.oracleCalls', description: 'Oracle rows the defense spent', direction: 'neutral', values: 'non-negative' },
  { name: 'defense.<name>.mitigated.<key>', description: 'A metric of the mitigation the defense chose (errors after retraining, alpha, rows removed, rounds; see its README)', direction: 'neutral', values: 'non-negative' },
  { name: 'defense.<name>.<key>', description: 'A metric specific to the defense (see its README)', direction: 'neutral', values: 'signed' },
];

function toPattern(name: string): RegExp {
  const escaped = name.split('<name>').map((part) => part.split('<key>').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[A-Za-z0-9_.-]+'));
  return new RegExp(`^${escaped.join('[A-Za-z0-9_-]+')}$`);
}

const patterns = METRICS.map((m) => ({ info: m, re: toPattern(m.name) }));

/** The registry entry for a metric name, or undefined when no entry matches. */
export function lookupMetric(name: string): MetricInfo | undefined {
  return patterns.find((p) => p.re.test(name))?.info;
}

/** The values `name` can take: [0, 1] for a proportion, [0, Infinity) for a non-negative metric, else any. */
export function metricRange(name: string): MetricRange {
  const values = lookupMetric(name)?.values;
  return values === 'proportion' ? [0, 1] : values === 'non-negative' ? [0, Infinity] : [-Infinity, Infinity];
}

/** Every exact (pattern-free) metric name, for did-you-mean suggestions. */
export function exactMetricNames(): string[] {
  return METRICS.filter((m) => !m.name.includes('<')).map((m) => m.name);
}
