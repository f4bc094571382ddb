/**
 * Gate verdicts on an interval estimate. A gate reads one number of the estimate (`on`: the mean, the
 * upper or the lower 95% limit) and compares it with its bounds:
 *  - pass: the number read satisfies every bound;
 *  - fail: the whole interval violates some bound (even its most favourable end);
 *  - inconclusive: otherwise, i.e. the number read violates a bound that the interval straddles.
 * So `{max, on: upper}` passes only when the metric is below the bound with 95% confidence, `{max, on:
 * lower}` fails only when it is above with 95% confidence, and `on: mean` passes when the mean is below
 * and is inconclusive when the mean is above but the interval reaches below. With no spread (one
 * training, lo = hi = mean) every reading gives the old pass/fail.
 */

/** Which number of an interval estimate a gate compares with its bounds. */
export type Reading = 'mean' | 'upper' | 'lower';
/** A gate's outcome on one run. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** A point estimate with its interval (lo <= mean <= hi). */
export interface Estimate {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** Lower and/or upper bounds on a quantity. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/** The number a reading takes from an estimate. */
export function readEstimate(e: Estimate, on: Reading): number {
  return on === 'upper' ? e.hi : on === 'lower' ? e.lo : e.mean;
}

const RANK: Record<Verdict, number> = { pass: 0, inconclusive: 1, fail: 2 };

/** The worst of several verdicts (fail over inconclusive over pass); pass for none. */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'pass');
}

/** The verdict of `bounds` on estimate `e` read `on` one of its numbers (see the module comment). */
export function verdictOf(e: Estimate, bounds: Bounds, on: Reading): Verdict {
  const v = readEstimate(e, on);
  const one = (ok: (x: number) => boolean, best: number): Verdict => (ok(v) ? 'pass' : ok(best) ? 'inconclusive' : 'fail');
  const verdicts: Verdict[] = [];
  if (bounds.max !== undefined) verdicts.push(one((x) => x <= bounds.max!, e.lo));
  if (bounds.min !== undefined) verdicts.push(one((x) => x >= bounds.min!, e.hi));
  return worstVerdict(verdicts);
}

/** Whether a verdict passes the build: inconclusive passes only when the spec says `inconclusive: pass`. */
export function verdictPasses(verdict: Verdict, inconclusive: 'fail' | 'pass'): boolean {
  return verdict === 'pass' || (verdict === 'inconclusive' && inconclusive === 'pass');
}
