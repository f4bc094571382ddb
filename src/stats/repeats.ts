/**
 * Combines the metrics of k repeated trainings of one run: every metric keeps its mean, and each gets
 * its spread and 95% interval (Student t over the repeats; with a single training, a Wilson interval
 * for a proportion counted within it). A metric some repeats do not report (a detector rate with no
 * trials there) is undefined for the run: left out, and counted in `partial`.
 */
import type { MetricStats } from '../core/report.ts';
import { meanInterval, wilson } from './interval.ts';

/** A count behind a proportion metric (e.g. a detector's TPR: flagged mislabeled rows of all mislabeled rows). */
export interface Count {
  readonly successes: number;
  readonly trials: number;
}

/** What one repeat measured. */
export interface RepeatMetrics {
  readonly metrics: Record<string, number>;
  /** Counts behind proportion metrics, by metric name. */
  readonly counts?: Record<string, Count>;
}

/** The combined metrics of a run: means (in first-seen order) and their statistics. */
export interface CombinedMetrics {
  readonly metrics: Record<string, number>;
  readonly stats: Record<string, MetricStats>;
  /** Metrics left out because only some repeats reported them: how many did. */
  readonly partial: Record<string, number>;
}

/**
 * Combines repeats (in repeat order); one repeat gives its own metrics and Wilson intervals only. With
 * several, only metrics every repeat reports are kept; the others are counted in `partial`.
 */
export function combineRepeats(repeats: readonly RepeatMetrics[]): CombinedMetrics {
  const values = new Map<string, number[]>();
  for (const r of repeats) {
    for (const [name, v] of Object.entries(r.metrics)) {
      const list = values.get(name) ?? [];
      list.push(v);
      values.set(name, list);
    }
  }
  const metrics: Record<string, number> = {};
  const stats: Record<string, MetricStats> = {};
  const partial: Record<string, number> = {};
  for (const [name, vs] of values) {
    if (vs.length < repeats.length) {
      partial[name] = vs.length;
      continue;
    }
    const est = meanInterval(vs);
    metrics[name] = est.mean;
    if (repeats.length >= 2) {
      stats[name] = { ...est, values: vs, method: 't' };
      continue;
    }
    const count = repeats[0]!.counts?.[name];
    if (count) {
      const w = wilson(count.successes, count.trials);
      stats[name] = { n: 1, mean: est.mean, std: 0, lo: w.lo, hi: w.hi, values: vs, method: 'wilson', successes: count.successes, trials: count.trials };
    }
  }
  return { metrics, stats, partial };
}
