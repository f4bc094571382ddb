import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { fitGmm, gmmLogDensity, gmmParameterCount, gmmResponsibleComponent, selectGmm } from '../../src/detect/gmm.ts';

const FIT = { maxIter: 200, tol: 1e-5, regCovar: 1e-6, nInit: 1 };
const CENTERS = [[0.2, 0.2], [0.8, 0.3], [0.45, 0.8]];
const WEIGHTS = [0.5, 0.3, 0.2];

/** Three well-separated anisotropic Gaussians in 2-D. */
function mixture(n: number, rng: Rng): Float64Array {
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const c = u < WEIGHTS[0]! ? 0 : u < WEIGHTS[0]! + WEIGHTS[1]! ? 1 : 2;
    const a = rng.normal(), b = rng.normal();
    x[i * 2] = CENTERS[c]![0]! + 0.04 * a;
    x[i * 2 + 1] = CENTERS[c]![1]! + 0.03 * a * 0.5 + 0.05 * b;
  }
  return x;
}

describe('gmm', () => {
  const x = mixture(3000, new Rng(5, 'mixture'));

  it('BIC picks the true number of components and EM recovers weights and means', async () => {
    const { model, bic } = await selectGmm(x, 2, { kMin: 1, kMax: 5 }, FIT, new Rng(1, 'fit'));
    expect(model.k).toBe(3);
    expect([...bic.keys()]).toEqual([1, 2, 3, 4, 5]);
    for (let c = 0; c < 3; c++) {
      let best = 0;
      for (let j = 1; j < 3; j++) {
        if (Math.hypot(model.means[j * 2]! - CENTERS[c]![0]!, model.means[j * 2 + 1]! - CENTERS[c]![1]!) < Math.hypot(model.means[best * 2]! - CENTERS[c]![0]!, model.means[best * 2 + 1]! - CENTERS[c]![1]!)) best = j;
      }
      expect(model.means[best * 2]!).toBeCloseTo(CENTERS[c]![0]!, 2);
      expect(model.means[best * 2 + 1]!).toBeCloseTo(CENTERS[c]![1]!, 2);
      expect(Math.abs(model.weights[best]! - WEIGHTS[c]!)).toBeLessThan(0.03);
      // anisotropy: the fitted covariance's (1,1) entry is chol[1,0]^2 + chol[1,1]^2 = 0.03^2/4... + 0.05^2
      const l10 = model.chol[best * 4 + 2]!, l11 = model.chol[best * 4 + 3]!;
      expect(Math.sqrt(l10 * l10 + l11 * l11)).toBeCloseTo(Math.hypot(0.015, 0.05), 2);
    }
  });

  it('the density integrates to about 1 and is highest at the heaviest component', async () => {
    const model = await fitGmm(x, 2, 3, FIT, new Rng(2, 'fit'));
    const g = 300, lo = -0.3, span = 1.6;
    const grid = new Float64Array(g * g * 2);
    for (let a = 0; a < g; a++) for (let b = 0; b < g; b++) grid.set([lo + (span * (a + 0.5)) / g, lo + (span * (b + 0.5)) / g], (a * g + b) * 2);
    let integral = 0;
    for (const v of gmmLogDensity(model, grid)) integral += Math.exp(v);
    expect(integral * (span / g) ** 2).toBeCloseTo(1, 3);
    const at = gmmLogDensity(model, Float64Array.of(0.2, 0.2, 0.8, 0.3, 0.45, 0.8, 0.5, 0.5));
    expect(at[0]!).toBeGreaterThan(at[1]!);
    expect(at[3]!).toBeLessThan(at[2]! - 10);
    const comp = gmmResponsibleComponent(model, Float64Array.of(0.2, 0.2, 0.21, 0.19, 0.8, 0.3));
    expect(comp[0]).toBe(comp[1]);
    expect(comp[0]).not.toBe(comp[2]);
  });

  it('is deterministic for a seed and survives degenerate data (duplicates, a constant column)', async () => {
    const a = await fitGmm(x, 2, 3, FIT, new Rng(3, 'fit'));
    const b = await fitGmm(x, 2, 3, FIT, new Rng(3, 'fit'));
    expect(Array.from(a.means)).toEqual(Array.from(b.means));
    const flat = Float64Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? (i % 10) / 10 : 0.5));
    const model = await fitGmm(flat, 2, 4, FIT, new Rng(4, 'flat'));
    for (const v of gmmLogDensity(model, flat)) expect(Number.isFinite(v)).toBe(true);
    expect(gmmParameterCount(3, 2)).toBe(2 + 6 + 9);
  });

  it('fits degenerate data with regCovar 0 (a singular covariance is retried with positive regularization)', async () => {
    // A constant column makes every covariance singular: with regCovar 0, retrying with 10 x 0 looped forever.
    const flat = Float64Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? ((i * 7) % 13) / 13 : 0.5));
    const model = await fitGmm(flat, 2, 2, { ...FIT, regCovar: 0 }, new Rng(6, 'flat'));
    expect(Number.isFinite(model.logLikelihood)).toBe(true);
    for (const v of gmmLogDensity(model, flat)) expect(Number.isFinite(v)).toBe(true);
  });

  it('stops between EM iterations when its signal is aborted, letting timers run meanwhile', async () => {
    const x = new Float64Array(400 * 2).map((_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stage timeout')), 5);
    // 1..200 components would take far longer than 5 ms; the timer fires between iterations
    await expect(selectGmm(x, 2, { kMin: 1, kMax: 200 }, { ...FIT, maxIter: 1000, tol: 0 }, new Rng(5, 'fit'), controller.signal)).rejects.toThrow('stage timeout');
  });
});
