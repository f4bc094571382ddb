/**
 * Small numerical helpers for the detectors' nulls: log-gamma, Poisson and normal upper tails,
 * robust location and scale, percentiles and multiple-testing adjustments.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(X = k) for X ~ Poisson(lambda), lambda > 0. */
function poissonLogPmf(k: number, lambda: number): number {
  return k * Math.log(lambda) - lambda - logGamma(k + 1);
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

/** Complementary error function (Numerical Recipes erfcc; relative error below 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(N(0, 1) > z). */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The q-quantile (q in [0, 1]) of `values` with linear interpolation between order statistics (numpy's default). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
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
