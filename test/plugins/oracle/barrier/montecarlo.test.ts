import { describe, expect, it } from 'vitest';
import { barrierPrice, barrierRecipe, type BarrierType } from '../../../../plugins/oracle/barrier/formula.ts';
import { Rng } from '../../../../src/core/rng.ts';

/**
 * An independent Monte Carlo pricer for the same contracts: exact GBM steps, and between steps the
 * Brownian-bridge probability that the log-price crossed the barrier, exp(-2 a b / (σ² dt)) with a, b the
 * log-distances to the barrier at both ends. Survival is carried as a conditional probability (no
 * uniform draws), a knock-out rebate is paid at the end of the step of the crossing.
 */
function monteCarlo(type: BarrierType, S: number, X: number, H: number, K: number, r: number, q: number, v: number, T: number,
  paths: number, steps: number, rng: Rng): { mean: number; se: number } {
  const up = type.startsWith('up'), knockIn = type.includes('-in-'), call = type.endsWith('call');
  const dt = T / steps, drift = (r - q - 0.5 * v * v) * dt, sd = v * Math.sqrt(dt), lnH = Math.log(H);
  let sum = 0, sumSq = 0;
  for (let p = 0; p < paths; p++) {
    let x = Math.log(S), alive = 1, rebatePv = 0;
    for (let k = 1; k <= steps; k++) {
      const next = x + drift + sd * rng.normal();
      const a = x - lnH, b = next - lnH;
      const crossed = (up ? a >= 0 || b >= 0 : a <= 0 || b <= 0) ? 1 : Math.exp((-2 * a * b) / (v * v * dt));
      rebatePv += alive * crossed * K * Math.exp(-r * k * dt);
      alive *= 1 - crossed;
      x = next;
    }
    const payoff = Math.max(0, call ? Math.exp(x) - X : X - Math.exp(x)) * Math.exp(-r * T);
    const value = knockIn ? payoff * (1 - alive) + alive * K * Math.exp(-r * T) : payoff * alive + rebatePv;
    sum += value;
    sumSq += value * value;
  }
  const mean = sum / paths;
  return { mean, se: Math.sqrt((sumSq / paths - mean * mean) / (paths - 1)) };
}

describe('barrier closed form vs an independent Brownian-bridge Monte Carlo', () => {
  // [type, S, X, H, rebate, r, q, vol, T]: the paper's contract plus every other family, with rebates and dividends
  const points: [BarrierType, number, number, number, number, number, number, number, number][] = [
    ['down-out-put', 100, 110, 80, 0, 0.05, 0, 0.3, 1],
    ['down-out-put', 100, 150, 60, 0, 0.02, 0, 0.6, 3],
    ['down-in-call', 100, 95, 90, 2, 0.03, 0.02, 0.25, 0.75],
    ['up-out-call', 100, 90, 130, 3, 0.08, 0.04, 0.2, 0.5],
    ['up-in-put', 100, 105, 115, 1, 0.04, 0.01, 0.35, 1.5],
    ['down-out-call', 100, 100, 92, 4, 0.06, 0.03, 0.3, 1],
    ['up-out-put', 100, 110, 120, 2, 0.05, 0.06, 0.4, 2],
  ];
  it.each(points)('%s S=%d X=%d H=%d rebate=%d agrees within 4 standard errors', (type, S, X, H, K, r, q, v, T) => {
    const rng = new Rng(20261128, 'barrier-mc', type, X, H);
    const mc = monteCarlo(type, S, X, H, K, r, q, v, T, 20000, 25, rng);
    const closed = barrierPrice(barrierRecipe(type)!, S, X, H, K, r, q, v, T);
    expect(mc.se).toBeGreaterThan(0);
    expect(Math.abs(closed - mc.mean)).toBeLessThan(4 * mc.se);
  });
});
