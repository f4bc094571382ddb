/**
 * Small numerical helpers for the detectors' nulls: Poisson and normal upper tails, robust location and
 * scale and multiple-testing adjustments (log-gamma and the normal CDF: src/stats/special.ts; quantiles:
 * src/stats/quantile.ts).
 */
import { quantile } from '../stats/quantile.ts';
import { lnGamma, normCdf } from '../stats/special.ts';

/** ln P(X = k) for X ~ Poisson(lambda), lambda > 0. */
function poissonLogPmf(k: number, lambda: number): number {
  return k * Math.log(lambda) - lambda - lnGamma(k + 1);
}

/**
 * Poisson mid-p upper tail: P(X > c) + P(X = c) / 2 for X ~ Poisson(lambda). Under the null it is close
 * to uniform even for small lambda (the plain P(X >= c) is conservative for discrete counts). Accurate
 * far into the tail: the terms are summed from c upward, never as 1 - (lower sum), when c > lambda.
 */
export function poissonMidP(c: number, lambda: number): number {
  if (!(lambda > 0)) return c > 0 ? 0 : 0.5;
  const first = Math.exp(poissonLogPmf(c, lambda));
  if (c <= lambda) {
    // the lower side is the small one: P(X < c) + P(X = c) / 2, summed downward from c, then complemented
    let term = 1;
    let sum = 0.5;
    for (let k = c; k > 0; k--) {
      term *= k / lambda;
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return Math.min(1, Math.max(0, 1 - first * sum));
  }
  let term = 1;
  let sum = 0.5;
  for (let k = c + 1; ; k++) {
    term *= lambda / k;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, first * sum);
}

/** P(N(0, 1) > z) = Φ(-z), accurate to ~1e-16 relative far into the upper tail. */
export function normalUpper(z: number): number {
  return normCdf(-z);
}

/** Median and normal-consistent MAD (1.4826 x median absolute deviation) of `values`. */
export function robustLocationScale(values: ArrayLike<number>): { location: number; scale: number } {
  const location = quantile(values, 0.5);
  const dev = Float64Array.from(values, (v) => Math.abs(v - location));
  return { location, scale: 1.4826 * quantile(dev, 0.5) };
}

/** How p-values of many maximizers are adjusted before comparing with alpha. */
export type Correction = 'none' | 'bonferroni' | 'bh';

/**
 * Adjusted p-values: Bonferroni (family-wise error) or Benjamini-Hochberg step-up (false discovery
 * rate); `none` returns a copy. Comparing the result with alpha applies the procedure.
 */
export function adjustPValues(p: Float64Array, correction: Correction): Float64Array {
  const m = p.length;
  if (correction === 'none' || m === 0) return Float64Array.from(p);
  if (correction === 'bonferroni') return Float64Array.from(p, (v) => Math.min(1, v * m));
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const out = new Float64Array(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r]!;
    running = Math.min(running, (p[i]! * m) / (r + 1));
    out[i] = running;
  }
  return out;
}
