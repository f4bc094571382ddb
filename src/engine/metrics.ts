/**
 * Metric computations on predictions: regression errors, the y/z ratio split, attack success, and the
 * scoring of a defense's suspects against the attack's ground truth.
 */
import type { GroundTruth } from '../core/attack.ts';
import type { Count } from '../stats/repeats.ts';

/** Mean squared and mean absolute error of `y` against `z` (NaN for empty sets). */
export function regressionErrors(y: Float64Array, z: Float64Array): { mse: number; mae: number } {
  let se = 0, ae = 0;
  for (let i = 0; i < y.length; i++) {
    const e = y[i]! - z[i]!;
    se += e * e;
    ae += Math.abs(e);
  }
  return { mse: se / y.length, mae: ae / y.length };
}

/**
 * Fractions of samples with y/z < 1 (`below`) and y/z > 1 (`above`), as in the paper's tables.
 * Samples with z = 0 count in neither.
 */
export function ratioSplit(y: Float64Array, z: Float64Array): { below: number; above: number } {
  let below = 0, above = 0;
  for (let i = 0; i < y.length; i++) {
    if (z[i] === 0) continue;
    const r = y[i]! / z[i]!;
    if (r < 1) below++;
    else if (r > 1) above++;
  }
  return { below: below / y.length, above: above / y.length };
}

/** Fraction of samples with y between (m - tol) z and (m + tol) z (either order, so negative z works). */
export function successRate(y: Float64Array, z: Float64Array, multiplier: number, tolerance: number): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) {
    const a = (multiplier - tolerance) * z[i]!, b = (multiplier + tolerance) * z[i]!;
    if (y[i]! >= Math.min(a, b) && y[i]! <= Math.max(a, b)) hits++;
  }
  return hits / y.length;
}

/**
 * Counts behind the scores of suspect training rows Q against the ground truth: tpr = mislabeled rows
 * in Q of all mislabeled rows, fpr = non-attack rows in Q of all non-attack rows (rows neither
 * mislabeled nor planted), precision = mislabeled rows in Q of |Q|.
 */
export function suspectCounts(suspects: Uint32Array, truth: GroundTruth): Record<'tpr' | 'fpr' | 'precision', Count> {
  const n = truth.mislabeled.length;
  let mislabeled = 0, clean = 0;
  for (let i = 0; i < n; i++) {
    if (truth.mislabeled[i]) mislabeled++;
    else if (!truth.planted[i]) clean++;
  }
  let tp = 0, fp = 0;
  for (const r of suspects) {
    if (r >= n) continue;
    if (truth.mislabeled[r]) tp++;
    else if (!truth.planted[r]) fp++;
  }
  return { tpr: { successes: tp, trials: mislabeled }, fpr: { successes: fp, trials: clean }, precision: { successes: tp, trials: suspects.length } };
}

/** A count's proportion; NaN when there were no trials (a TPR with nothing mislabeled is undefined, not 0). */
export function rateOf(c: Count): number {
  return c.trials ? c.successes / c.trials : NaN;
}

/** Sum of a 0/1 mask. */
export function countOnes(mask: Uint8Array): number {
  let c = 0;
  for (const v of mask) c += v;
  return c;
}
