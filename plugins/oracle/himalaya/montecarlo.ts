/**
 * Monte Carlo price of a Himalaya option with the semantics of QuantLib's MCHimalayaEngine: at each fixing,
 * among the assets still in the basket, the best performer S_i(t)/S_i(0) is taken out and its price added
 * to a running sum; the average is that sum over min(fixings, assets); the payoff max(average - strike, 0)
 * is discounted at the rate to the last fixing. Assets follow correlated geometric Brownian motions
 * simulated exactly at the fixing times (Cholesky factor of the correlation).
 *
 * Vectorized over paths: blocks of paths advance together through each fixing in typed arrays; nothing is
 * allocated per path. Antithetic variates mirror every path (-z) and average the pair into one sample.
 */
import type { Rng } from '../../../src/core/rng.ts';

/** A Himalaya contract on n assets. */
export interface HimalayaContract {
  readonly spots: readonly number[];
  readonly vols: readonly number[];
  readonly dividends: readonly number[];
  /** Lower Cholesky factor of the correlation, row-major n x n (see choleskyOfCorrelation). */
  readonly cholesky: Float64Array;
  readonly rate: number;
  readonly strike: number;
  /** Fixing times in years, strictly increasing and positive. */
  readonly fixings: readonly number[];
}

/** Simulation settings. */
export interface HimalayaSettings {
  /** Simulated paths, mirrors included (with antithetic variates, paths / 2 independent samples, rounded up). */
  readonly paths: number;
  readonly antithetic: boolean;
  /** The stream the normal draws come from; the result is a pure function of its state. */
  readonly rng: Rng;
}

/** A Monte Carlo estimate and its standard error. */
export interface McEstimate {
  value: number;
  stderr: number;
}

/** Paths advanced together per block (per half, with antithetic variates). */
const BLOCK = 512;

/** Prices a Himalaya contract by Monte Carlo. */
export function priceHimalaya(contract: HimalayaContract, settings: HimalayaSettings): McEstimate {
  const { spots, vols, dividends, cholesky: L, rate, strike, fixings } = contract;
  const n = spots.length;
  // fixings after the basket is empty add nothing: simulate only up to the last one that counts
  const counted = Math.min(fixings.length, n);
  const discount = Math.exp(-rate * fixings[fixings.length - 1]!);
  const drift = new Float64Array(counted * n), diffusion = new Float64Array(counted * n);
  for (let k = 0; k < counted; k++) {
    const dt = fixings[k]! - (k === 0 ? 0 : fixings[k - 1]!);
    for (let j = 0; j < n; j++) {
      drift[k * n + j] = (rate - dividends[j]! - 0.5 * vols[j]! * vols[j]!) * dt;
      diffusion[k * n + j] = vols[j]! * Math.sqrt(dt);
    }
  }
  const mirrors = settings.antithetic ? 2 : 1;
  const samples = Math.ceil(settings.paths / mirrors);
  const width = BLOCK * mirrors; // lanes: [0, BLOCK) base paths, [BLOCK, 2 BLOCK) their mirrors
  const logRet = new Float64Array(n * width); // log S_j(t) / S_j(0), asset-major
  const z = new Float64Array(n * BLOCK);
  const taken = new Uint8Array(n * width);
  const sum = new Float64Array(width);
  const rng = settings.rng;
  let count = 0, mean = 0, m2 = 0; // Welford's running mean and sum of squared deviations

  for (let start = 0; start < samples; start += BLOCK) {
    const m = Math.min(BLOCK, samples - start);
    logRet.fill(0);
    taken.fill(0);
    sum.fill(0);
    for (let k = 0; k < counted; k++) {
      for (let c = 0; c < n; c++) for (let p = 0; p < m; p++) z[c * BLOCK + p] = rng.normal();
      for (let j = 0; j < n; j++) {
        const mu = drift[k * n + j]!, sd = diffusion[k * n + j]!;
        const row = j * width;
        for (let p = 0; p < m; p++) {
          let w = 0; // (L z)_j for path p
          for (let c = 0; c <= j; c++) w += L[j * n + c]! * z[c * BLOCK + p]!;
          logRet[row + p]! += mu + sd * w;
          if (mirrors === 2) logRet[row + BLOCK + p]! += mu - sd * w;
        }
      }
      for (let h = 0; h < mirrors; h++) {
        for (let p = 0; p < m; p++) {
          const lane = h * BLOCK + p;
          let best = 0, bestRet = -Infinity;
          for (let j = 0; j < n; j++) {
            const r = logRet[j * width + lane]!;
            if (taken[j * width + lane] === 0 && r >= bestRet) {
              best = j;
              bestRet = r;
            }
          }
          taken[best * width + lane] = 1;
          sum[lane]! += spots[best]! * Math.exp(bestRet);
        }
      }
    }
    for (let p = 0; p < m; p++) {
      let v = Math.max(sum[p]! / counted - strike, 0);
      if (mirrors === 2) v = 0.5 * (v + Math.max(sum[BLOCK + p]! / counted - strike, 0));
      count++;
      const delta = v - mean;
      mean += delta / count;
      m2 += delta * (v - mean);
    }
  }
  const variance = samples > 1 ? m2 / (samples - 1) : 0;
  return { value: discount * mean, stderr: discount * Math.sqrt(variance / samples) };
}
