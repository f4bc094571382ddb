/**
 * Gaussian mixture density of the training inputs (paper section 4.2: use G(x) instead of a proximity
 * count). Fitted by EM with full covariances, k-means++ initialization followed by a few Lloyd steps,
 * and k chosen by BIC. Numerically careful: every density goes through a Cholesky factor (never an
 * explicit inverse or determinant), responsibilities through log-sum-exp, and every covariance gets
 * `regCovar` added to its diagonal (more, in steps of 10x, if a factorization still fails).
 */
import type { Rng } from '../core/rng.ts';
import { choleskyInPlace } from '../stats/cholesky.ts';

/** A fitted mixture. */
export interface Gmm {
  readonly k: number;
  readonly d: number;
  readonly weights: Float64Array;
  /** k x d, row-major. */
  readonly means: Float64Array;
  /** Lower Cholesky factors of the covariances, k blocks of d x d, row-major. */
  readonly chol: Float64Array;
  /** Mean log-likelihood per training sample. */
  readonly logLikelihood: number;
  /** Bayesian information criterion on the fitted sample (lower is better). */
  readonly bic: number;
  /** EM iterations run. */
  readonly iterations: number;
  readonly converged: boolean;
}

/** Fitting settings (all required; the defense's options schema supplies defaults). */
export interface GmmFitOptions {
  readonly maxIter: number;
  /** Stop when the mean log-likelihood improves by less than this. */
  readonly tol: number;
  /** Added to every covariance diagonal. */
  readonly regCovar: number;
  /** EM runs from different k-means++ seeds; the highest likelihood is kept. */
  readonly nInit: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** The regularization a failed factorization is retried with when `regCovar` is 0 (x10 per retry from there). */
const ZERO_REG_RETRY = 1e-9;

/**
 * Factors covariance block `c` (d x d at `off`) into `chol`, adding regCovar (x10 per retry) to the
 * diagonal; with regCovar 0 the retries start at ZERO_REG_RETRY (ten times 0 would retry forever).
 */
function factor(cov: Float64Array, chol: Float64Array, off: number, d: number, regCovar: number): void {
  for (let reg = regCovar; ; reg = reg > 0 ? reg * 10 : ZERO_REG_RETRY) {
    for (let t = 0; t < d * d; t++) chol[off + t] = cov[off + t]!;
    for (let j = 0; j < d; j++) chol[off + j * d + j]! += reg;
    if (choleskyInPlace(chol, off, d) < 0) return;
    if (reg > 1e6) throw new Error('gmm: covariance cannot be factorized even with heavy regularization');
  }
}

/** log w_j + log N(x_i | mu_j, Sigma_j) for rows of x, into out (n x k). */
function componentLogDensities(x: Float64Array, d: number, weights: Float64Array, means: Float64Array, chol: Float64Array, out: Float64Array): void {
  const n = x.length / d, k = weights.length;
  const z = new Float64Array(d);
  const constant = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let logDet = 0;
    for (let t = 0; t < d; t++) logDet += Math.log(chol[j * d * d + t * d + t]!);
    constant[j] = Math.log(weights[j]!) - 0.5 * d * LOG_2PI - logDet;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const L = j * d * d;
      let maha = 0;
      for (let a = 0; a < d; a++) {
        let s = x[i * d + a]! - means[j * d + a]!;
        for (let b = 0; b < a; b++) s -= chol[L + a * d + b]! * z[b]!;
        const v = s / chol[L + a * d + a]!;
        z[a] = v;
        maha += v * v;
      }
      out[i * k + j] = constant[j]! - 0.5 * maha;
    }
  }
}

/** ln sum_j exp(logp[i k + j]) for row i of an n x k matrix (log-sum-exp, shifted by the row maximum). */
function logSumExpRow(logp: Float64Array, i: number, k: number): number {
  let m = -Infinity;
  for (let j = 0; j < k; j++) m = Math.max(m, logp[i * k + j]!);
  if (m === -Infinity) return m;
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(logp[i * k + j]! - m);
  return m + Math.log(s);
}

/** Turns per-component log densities (n x k) into responsibilities in place; returns the summed log-likelihood. */
function normalize(logp: Float64Array, k: number): number {
  const n = logp.length / k;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const ll = logSumExpRow(logp, i, k);
    total += ll;
    for (let j = 0; j < k; j++) logp[i * k + j] = Math.exp(logp[i * k + j]! - ll);
  }
  return total;
}

/** k-means++ seeding then up to 20 Lloyd steps; returns hard assignments. */
function kmeansInit(x: Float64Array, d: number, k: number, rng: Rng): Int32Array {
  const n = x.length / d;
  const centers = new Float64Array(k * d);
  const dist = new Float64Array(n).fill(Infinity);
  const sq = (i: number, c: number): number => {
    let s = 0;
    for (let a = 0; a < d; a++) s += (x[i * d + a]! - centers[c * d + a]!) ** 2;
    return s;
  };
  const first = rng.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      dist[i] = Math.min(dist[i]!, sq(i, c - 1));
      total += dist[i]!;
    }
    let u = rng.next() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      u -= dist[i]!;
      if (u < 0) {
        pick = i;
        break;
      }
    }
    centers.set(x.subarray(pick * d, pick * d + d), c * d);
  }
  const assign = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let iter = 0; iter < 20; iter++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0, bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const v = sq(i, c);
        if (v < bestD) {
          bestD = v;
          best = c;
        }
      }
      if (assign[i] !== best) changed++;
      assign[i] = best;
    }
    if (changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assign[i]!;
      counts[c]!++;
      for (let a = 0; a < d; a++) sums[c * d + a]! += x[i * d + a]!;
    }
    for (let c = 0; c < k; c++) if (counts[c]! > 0) for (let a = 0; a < d; a++) centers[c * d + a] = sums[c * d + a]! / counts[c]!;
  }
  return assign;
}

/** M-step: weights, means and covariances from responsibilities `resp` (n x k). */
function maximize(x: Float64Array, d: number, resp: Float64Array, k: number, weights: Float64Array, means: Float64Array, cov: Float64Array, rng: Rng): void {
  const n = x.length / d;
  const nk = new Float64Array(k);
  means.fill(0);
  cov.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j]!;
      nk[j]! += r;
      for (let a = 0; a < d; a++) means[j * d + a]! += r * x[i * d + a]!;
    }
  }
  for (let j = 0; j < k; j++) {
    if (nk[j]! < 1e-8 * n) {
      // an emptied component restarts on a random sample, with covariance 0.01 I and weight 1/n (below)
      const i = rng.int(n);
      for (let a = 0; a < d; a++) means[j * d + a] = x[i * d + a]!;
      nk[j] = 0;
      continue;
    }
    for (let a = 0; a < d; a++) means[j * d + a]! /= nk[j]!;
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j]!;
      if (r === 0 || nk[j] === 0) continue;
      for (let a = 0; a < d; a++) diff[a] = x[i * d + a]! - means[j * d + a]!;
      const off = j * d * d;
      for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) cov[off + a * d + b]! += r * diff[a]! * diff[b]!;
    }
  }
  let total = 0;
  for (let j = 0; j < k; j++) total += nk[j]!;
  for (let j = 0; j < k; j++) {
    const off = j * d * d;
    if (nk[j] === 0) {
      for (let a = 0; a < d; a++) cov[off + a * d + a] = 1e-2;
      weights[j] = 1 / n;
      continue;
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        const v = cov[off + a * d + b]! / nk[j]!;
        cov[off + a * d + b] = v;
        cov[off + b * d + a] = v;
      }
    }
    weights[j] = nk[j]! / total;
  }
  let wsum = 0;
  for (let j = 0; j < k; j++) wsum += weights[j]!;
  for (let j = 0; j < k; j++) weights[j]! /= wsum;
}

/** Number of free parameters of a k-component full-covariance mixture in d dimensions. */
export function gmmParameterCount(k: number, d: number): number {
  return k - 1 + k * d + (k * d * (d + 1)) / 2;
}

/**
 * Lets timers and signal handlers run between EM iterations (a stage timeout, SIGINT), then throws
 * if `signal` was aborted: a fit of many components takes minutes, and synchronous work would block them.
 */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}

/**
 * Fits a k-component mixture to the rows of `x` (row-major, d columns): the best of `nInit` EM runs.
 * Stops between iterations with the reason of `signal` when it is aborted.
 */
export async function fitGmm(x: Float64Array, d: number, k: number, options: GmmFitOptions, rng: Rng, signal?: AbortSignal): Promise<Gmm> {
  let best: Gmm | undefined;
  for (let run = 0; run < Math.max(1, options.nInit); run++) {
    const model = await runEm(x, d, k, options, rng.fork('init', run), signal);
    if (!best || model.logLikelihood > best.logLikelihood) best = model;
  }
  return best!;
}

/** One EM run from a k-means++ start. */
async function runEm(x: Float64Array, d: number, k: number, options: GmmFitOptions, rng: Rng, signal: AbortSignal | undefined): Promise<Gmm> {
  const n = x.length / d;
  if (n < k) throw new RangeError(`gmm: ${n} samples cannot fit ${k} components`);
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const cov = new Float64Array(k * d * d);
  const chol = new Float64Array(k * d * d);
  const resp = new Float64Array(n * k);
  const assign = kmeansInit(x, d, k, rng.fork('kmeans++'));
  for (let i = 0; i < n; i++) resp[i * k + assign[i]!] = 1;
  const mRng = rng.fork('m-step');
  maximize(x, d, resp, k, weights, means, cov, mRng);
  for (let j = 0; j < k; j++) factor(cov, chol, j * d * d, d, options.regCovar);
  let previous = -Infinity;
  let mean = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < options.maxIter) {
    await checkpoint(signal);
    iterations++;
    componentLogDensities(x, d, weights, means, chol, resp);
    mean = normalize(resp, k) / n;
    if (mean - previous < options.tol) {
      converged = true;
      break;
    }
    previous = mean;
    maximize(x, d, resp, k, weights, means, cov, mRng);
    for (let j = 0; j < k; j++) factor(cov, chol, j * d * d, d, options.regCovar);
  }
  if (!converged) {
    componentLogDensities(x, d, weights, means, chol, resp);
    mean = normalize(resp, k) / n;
  }
  const bic = -2 * n * mean + gmmParameterCount(k, d) * Math.log(n);
  return { k, d, weights, means, chol, logLikelihood: mean, bic, iterations, converged };
}

/** Fits k = kMin..kMax components and keeps the lowest BIC; also returns every k's BIC. Stops when `signal` is aborted. */
export async function selectGmm(x: Float64Array, d: number, kRange: { kMin: number; kMax: number }, options: GmmFitOptions, rng: Rng, signal?: AbortSignal): Promise<{ model: Gmm; bic: Map<number, number> }> {
  const n = x.length / d;
  const bic = new Map<number, number>();
  let best: Gmm | undefined;
  for (let k = kRange.kMin; k <= Math.min(kRange.kMax, n); k++) {
    const model = await fitGmm(x, d, k, options, rng.fork('k', k), signal);
    bic.set(k, model.bic);
    if (!best || model.bic < best.bic) best = model;
  }
  if (!best) throw new RangeError(`gmm: no component count in [${kRange.kMin}, ${kRange.kMax}] fits ${n} samples`);
  return { model: best, bic };
}

/** ln G(x) at each row of `x` (row-major, d columns). */
export function gmmLogDensity(model: Gmm, x: Float64Array): Float64Array {
  const n = x.length / model.d, k = model.k;
  const logp = new Float64Array(n * k);
  componentLogDensities(x, model.d, model.weights, model.means, model.chol, logp);
  return Float64Array.from({ length: n }, (_, i) => logSumExpRow(logp, i, k));
}

/** Index of the component with the largest responsibility for each row of `x`. */
export function gmmResponsibleComponent(model: Gmm, x: Float64Array): Uint32Array {
  const n = x.length / model.d, k = model.k;
  const logp = new Float64Array(n * k);
  componentLogDensities(x, model.d, model.weights, model.means, model.chol, logp);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logp[i * k + j]! > logp[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}
