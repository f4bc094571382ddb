/**
 * Combines the metrics of k repeated trainings of one run: every metric keeps its mean, and each gets
 * its spread and 95% interval (Student t over the repeats; with a single training, a Wilson interval
 * for a proportion counted within it). Over repeats, a counted proportion's interval also covers the
 * Wilson interval of the pooled counts (t alone collapses to [0, 0] when the repeats agree, claiming
 * more than the counted rows support), and every interval is kept inside the values its metric can
 * take, as the caller says (the engine: the metric registry's `values`, [0, 1] for a proportion,
 * [0, Infinity) for counts and errors). A metric some repeats do not report (a detector rate with no
 * trials there) is undefined for the run: left out, and counted in `partial`.
 */
import type { MetricStats } from '../core/report.ts';
import { meanInterval, wilson, type MeanInterval } from './interval.ts';

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

/** The values a metric can take, [min, max]. */
export type MetricRange = readonly [number, number];

/** Every value: no clipping. */
const ANY: MetricRange = [-Infinity, Infinity];

/**
 * The t interval over repeats, widened to contain the Wilson interval of the pooled counts when every
 * repeat counted the metric, and clipped to the metric's `range` ([0, 1] for a counted one).
 */
function repeatInterval(est: MeanInterval, counts: readonly (Count | undefined)[], range: MetricRange): MeanInterval & { successes?: number; trials?: number } {
  let { lo, hi } = est;
  let pooled: Count | undefined;
  if (counts.every((c) => c !== undefined)) {
    pooled = { successes: counts.reduce((s, c) => s + c!.successes, 0), trials: counts.reduce((s, c) => s + c!.trials, 0) };
    const w = wilson(pooled.successes, pooled.trials);
    lo = Math.min(lo, w.lo);
    hi = Math.max(hi, w.hi);
  }
  const [min, max] = pooled ? [0, 1] : range;
  lo = Math.max(min, lo);
  hi = Math.min(max, hi);
  return { ...est, lo, hi, ...(pooled && { successes: pooled.successes, trials: pooled.trials }) };
}

/**
 * Combines repeats (in repeat order); one repeat gives its own metrics and Wilson intervals only. With
 * several, only metrics every repeat reports are kept; the others are counted in `partial`.
 * `rangeOf` gives the values a metric can take (default: any).
 */
export function combineRepeats(repeats: readonly RepeatMetrics[], rangeOf: (metric: string) => MetricRange = () => ANY): CombinedMetrics {
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
      stats[name] = { ...repeatInterval(est, repeats.map((r) => r.counts?.[name]), rangeOf(name)), values: vs, method: 't' };
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
