import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackScholes } from '../../../../plugins/oracle/barrier/formula.ts';
import himalaya from '../../../../plugins/oracle/himalaya/index.ts';
import type { HimalayaOptions } from '../../../../plugins/oracle/himalaya/options.ts';
import { silentLogger, silentProgress, type PluginContext } from '../../../../src/core/plugin.ts';
import { Rng } from '../../../../src/core/rng.ts';
import { optionsWithDefaults } from '../../../../src/spec/ajv.ts';

const ctx: PluginContext = { rng: new Rng(1, 'test'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
const resolve = (raw: Record<string, unknown> = {}): HimalayaOptions => optionsWithDefaults(himalaya.optionsSchema, raw);
type Est = { value: number; stderr: number };
const price = async (record: Record<string, unknown>, raw: Record<string, unknown> = {}): Promise<Est> => {
  const [r] = await himalaya.evaluateRecords!([record], resolve(raw), ctx);
  if (!r || 'error' in r) throw new Error(r ? r.error : 'no result');
  return r as Est;
};
/** The 4-asset basket of the bench case (and of the QuantLib anchor). */
const basket = {
  spots: [100, 110, 90, 105], vols: [0.3, 0.35, 0.25, 0.2], dividends: [0.01, 0.05, 0.04, 0.03],
  correlation: [[1, 0.5, 0.3, 0.1], [0.5, 1, 0.2, 0.4], [0.3, 0.2, 1, 0.6], [0.1, 0.4, 0.6, 1]],
  rate: 0.05, strike: 101, fixings: [0.25, 0.5, 0.75, 1],
};

describe('himalaya oracle', () => {
  it('schema defaults fill every field of HimalayaOptions', () => {
    expect(resolve()).toEqual({ paths: 20000, seed: 1, antithetic: true });
  });

  it('with one asset and one fixing equals the Black-Scholes call (within Monte Carlo error)', async () => {
    for (const [S, K, v, q, r, T] of [[100, 95, 0.3, 0.02, 0.05, 1], [90, 110, 0.5, 0, 0.03, 2], [100, 100, 0.15, 0.04, 0.01, 0.25]] as const) {
      const mc = await price({ spots: [S], vols: [v], dividends: [q], correlation: [[1]], rate: r, strike: K, fixings: [T] });
      const exact = blackScholes(1, S, K, r, q, v, T);
      expect(Math.abs(mc.value - exact), `S=${S} K=${K}`).toBeLessThan(4 * mc.stderr);
    }
  });

  it('takes the best performer S(t)/S(0), not the highest price, and averages over min(fixings, assets)', async () => {
    // Zero volatility: every path is S_j e^{(r - q_j) t}. Asset 0 performs best (e^{0.05t} vs 1) though asset 1
    // is dearer, so t=1 takes asset 0 (100 e^{0.05}), t=2 asset 1 (200), t=3 nothing is left.
    const mc = await price({ spots: [100, 200], vols: [0, 0], dividends: [0, 0.05], correlation: [[1, 0], [0, 1]], rate: 0.05, strike: 120, fixings: [1, 2, 3] });
    const average = (100 * Math.exp(0.05) + 200) / 2;
    expect(mc.value).toBeCloseTo((average - 120) * Math.exp(-0.05 * 3), 10);
    expect(mc.stderr).toBe(0);
  });

  it('agrees with and without antithetic variates, and antithetic lowers the error on the basket', async () => {
    const a = await price(basket, { paths: 40000 }), b = await price(basket, { paths: 40000, antithetic: false });
    expect(Math.abs(a.value - b.value)).toBeLessThan(4 * Math.hypot(a.stderr, b.stderr));
    expect(a.stderr).toBeLessThan(b.stderr);
  });

  it('falls as the strike rises', async () => {
    await fc.assert(fc.asyncProperty(fc.double({ min: 60, max: 140, noNaN: true }), fc.double({ min: 0.5, max: 20, noNaN: true }), async (k, dk) => {
      const lo = await price({ ...basket, strike: k }, { paths: 2000 }), hi = await price({ ...basket, strike: k + dk }, { paths: 2000 });
      return hi.value < lo.value;
    }), { numRuns: 30 });
  });

  it('has a standard error shrinking like 1/sqrt(paths)', async () => {
    const small = await price(basket, { paths: 8000, seed: 5 }), large = await price(basket, { paths: 32000, seed: 5 });
    expect(large.stderr / small.stderr).toBeGreaterThan(0.45);
    expect(large.stderr / small.stderr).toBeLessThan(0.55);
  });

  it('is reproducible: one seed, one bit-identical value; another seed, another value', async () => {
    const a = await price(basket, { paths: 4000, seed: 9 }), b = await price(basket, { paths: 4000, seed: 9 }), c = await price(basket, { paths: 4000, seed: 10 });
    expect(a).toEqual(b);
    expect(c.value).not.toBe(a.value);
  });

  it('refuses a correlation matrix that is not positive definite, and other bad records, with a reason', async () => {
    const results = await himalaya.evaluateRecords!([
      { ...basket, spots: [100, 100, 100], vols: [0.2, 0.2, 0.2], dividends: [0, 0, 0], correlation: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]] },
      { ...basket, correlation: [[1, 0.5], [0.5, 1]] },
      { ...basket, fixings: [0.5, 0.25] },
      { ...basket, vols: [0.3, 0.35] },
      basket,
    ], resolve({ paths: 1000 }), ctx);
    expect(results[0]).toEqual({ error: expect.stringMatching(/not positive definite/) });
    expect(results[1]).toEqual({ error: expect.stringMatching(/4 x 4 matrix/) });
    expect(results[2]).toEqual({ error: expect.stringMatching(/strictly increasing/) });
    expect(results[3]).toEqual({ error: expect.stringMatching(/"vols" must have 4 entries/) });
    expect(results[4]).toEqual({ value: expect.any(Number), stderr: expect.any(Number) });
  });

  it('has a 5-feature domain whose every point prices to a finite, non-negative value', async () => {
    const oracle = await himalaya.create(resolve({ paths: 200 }), ctx);
    expect(oracle.domain.featureNames).toEqual(['strike', 'vol', 'correlation', 'maturity', 'rate']);
    expect(himalaya.cost.tier).toBe('costly');
    const corners = [0, 1].flatMap((a) => [0, 1].flatMap((b) => [0, 1].flatMap((c) => [0, 1].flatMap((d) => [0, 1].map((e) => [a, b, c, d, e])))));
    const rows = Float64Array.from([...corners.flat(), ...oracle.domain.sample(32, new Rng(2, 'h'))]);
    const values = await oracle.evaluate(oracle.domain.denormalize(rows), rows.length / 5);
    expect(values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });
});
