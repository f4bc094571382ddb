/**
 * Null distributions for the two attributes of a local error maximizer (paper section 4.1): its error,
 * and the concentration of training samples around it (a proximity count or a mixture density).
 * Each gives an upper-tail p-value per maximizer; `flag.ts` combines them. The design is documented in
 * plugins/defense/proximity/README.md.
 */
import type { Rng } from '../core/rng.ts';
import type { GridIndex } from './grid-index.ts';
import { normalUpper, poissonMidP, robustLocationScale } from './stats.ts';

/** Upper-tail p-values of `values` under a normal fitted robustly (median, MAD) to `reference`. */
export function robustNormalUpper(values: Float64Array, reference: Float64Array): { p: Float64Array; location: number; scale: number } {
  const { location, scale } = robustLocationScale(reference);
  const p = Float64Array.from(values, (v) => {
    if (scale > 0) return normalUpper((v - location) / scale);
    return v > location ? 0 : v === location ? 0.5 : 1;
  });
  return { p, location, scale };
}

/**
 * The error's null: log |Y - Z| of the bulk of maximizers is taken as normal, with location and scale
 * from the median and MAD (so a minority of backdoor maximizers does not widen it).
 */
export function errorPValues(absError: Float64Array): { p: Float64Array; location: number; scale: number } {
  const logs = Float64Array.from(absError, (e) => Math.log(Math.max(e, 1e-300)));
  return robustNormalUpper(logs, logs);
}

/**
 * Fraction of the ball of `radius` around each row of `centers` that lies inside the region `inside`
 * accepts, by Monte Carlo with the same `samples` offsets (uniform in the ball) for every center.
 */
export function ballFractions(centers: Float64Array, d: number, radius: number, inside: (row: Float64Array) => boolean, rng: Rng, samples: number): Float64Array {
  const offsets = new Float64Array(samples * d);
  const dir = new Float64Array(d);
  for (let s = 0; s < samples; s++) {
    let norm = 0;
    do {
      rng.fillNormal(dir);
      norm = Math.hypot(...dir);
    } while (norm === 0);
    const r = radius * Math.pow(rng.next(), 1 / d);
    for (let j = 0; j < d; j++) offsets[s * d + j] = (dir[j]! / norm) * r;
  }
  const m = centers.length / d;
  const row = new Float64Array(d);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let hits = 0;
    for (let s = 0; s < samples; s++) {
      for (let j = 0; j < d; j++) row[j] = centers[i * d + j]! + offsets[s * d + j]!;
      if (inside(row)) hits++;
    }
    // a center's own neighbourhood is never empty in practice; keep expectations positive
    out[i] = Math.max(hits, 0.5) / samples;
  }
  return out;
}

/**
 * The typical count of a full ball with no concentration: counts at reference points spread over the
 * domain, divided by their in-domain ball fractions, pooled as a ratio of sums. Reference balls whose
 * count is wildly above that first estimate (Poisson mid-p below 1e-6, i.e. they hit a concentration)
 * are dropped once and the estimate recomputed.
 */
export function typicalCount(refCounts: Uint32Array, refFractions: Float64Array): number {
  const pooled = (keep: (i: number) => boolean): number => {
    let c = 0, f = 0;
    for (let i = 0; i < refCounts.length; i++) {
      if (!keep(i)) continue;
      c += refCounts[i]!;
      f += refFractions[i]!;
    }
    return f > 0 ? c / f : 0;
  };
  const first = pooled(() => true);
  return pooled((i) => poissonMidP(refCounts[i]!, first * refFractions[i]!) >= 1e-6);
}

/** What the count null needs: the built index, the points to test and reference points, and the region. */
export interface CountNullInput {
  readonly index: GridIndex;
  /** Maximizers, row-major in the index's space. */
  readonly queries: Float64Array;
  /** Points spread over the region as the training inputs would be with no concentration. */
  readonly reference: Float64Array;
  /** True for a point of the region training inputs can occupy (boundary correction). */
  readonly inside: (row: Float64Array) => boolean;
  readonly rng: Rng;
  /** Monte Carlo samples per ball fraction. */
  readonly ballSamples: number;
  /**
   * Rows subtracted from each count before testing (not below 0): 1 when maximizers were found by
   * ascent from training rows, whose seed row usually stays within the radius.
   */
  readonly discount: number;
}

/**
 * Count-versus-expected-count test. With no concentration, the count in a ball around x is
 * Poisson(mu * f(x)) where mu is the typical full-ball count and f(x) the fraction of the ball inside
 * the region; the p-value is the Poisson mid-p of the observed count less `discount`.
 */
export function countPValues(input: CountNullInput): { counts: Uint32Array; expected: Float64Array; p: Float64Array; typical: number } {
  const { index, queries, reference, inside, rng, ballSamples, discount } = input;
  const d = index.d;
  const counts = index.countAll(queries);
  const refCounts = index.countAll(reference);
  const refFractions = ballFractions(reference, d, index.radius, inside, rng.fork('ball-offsets'), ballSamples);
  const typical = typicalCount(refCounts, refFractions);
  const fractions = ballFractions(queries, d, index.radius, inside, rng.fork('ball-offsets'), ballSamples);
  const expected = Float64Array.from(fractions, (f) => typical * f);
  const p = Float64Array.from(counts, (c, i) => poissonMidP(Math.max(0, c - discount), expected[i]!));
  return { counts, expected, p, typical };
}
