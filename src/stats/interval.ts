/**
 * Confidence intervals at the 95% level: Student t for the mean of a few repeated trainings, Wilson
 * for a proportion counted within one run (a detector's TPR, FPR, precision). See docs/statistics.md
 * for why t rather than a bootstrap when there are 3 to 10 repeats.
 */
import { tQuantile } from './student-t.ts';

/** Two-sided confidence level of every interval regaudit reports. */
export const CONFIDENCE = 0.95;
/** The standard normal 0.975-quantile (Wilson's z at 95%); a test checks it against tQuantile at large df. */
export const Z95 = 1.959963984540054;

/** A mean with its 95% interval over `n` values (lo = hi = mean when n = 1 or the values agree). */
export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator; 0 when n = 1). */
  readonly std: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * The Student-t 95% interval for the mean of `values`: mean -/+ t(0.975, n - 1) s / sqrt(n). Assumes
 * the values are independent draws of a roughly normal quantity (k repeats of one training pipeline
 * with independent seeds). With one value the interval is the point itself (there is no spread to
 * estimate); callers that need a real interval ask for n >= 2. Throws on an empty list.
 */
export function meanInterval(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) throw new RangeError('meanInterval needs at least one value');
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  if (n === 1) return { n, mean, std: 0, lo: mean, hi: mean };
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / (n - 1));
  const half = tQuantile(0.5 + CONFIDENCE / 2, n - 1) * (std / Math.sqrt(n));
  return { n, mean, std, lo: mean - half, hi: mean + half };
}

/** A proportion with its Wilson score interval. */
export interface Proportion {
  readonly successes: number;
  readonly trials: number;
  /** successes / trials (0 when trials = 0). */
  readonly rate: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * The Wilson score 95% interval for `successes` out of `trials`: unlike the normal (Wald) interval it
 * stays inside [0, 1] and does not collapse to a point at 0 or n successes. No trials: [0, 1].
 */
export function wilson(successes: number, trials: number): Proportion {
  if (!(Number.isInteger(successes) && Number.isInteger(trials) && successes >= 0 && successes <= trials)) throw new RangeError(`wilson needs integers 0 <= successes <= trials, got ${successes} of ${trials}`);
  if (trials === 0) return { successes, trials, rate: 0, lo: 0, hi: 1 };
  const z2 = Z95 * Z95;
  const p = successes / trials;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (Z95 / denom) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At 0 or n successes the exact bound is 0 or 1; pin it so rounding cannot move it.
  return { successes, trials, rate: p, lo: successes === 0 ? 0 : Math.max(0, centre - half), hi: successes === trials ? 1 : Math.min(1, centre + half) };
}
