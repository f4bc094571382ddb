import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barrierPrice, barrierProblem, barrierRecipe, BARRIER_TYPES, blackScholes, type BarrierType,
} from '../../../../plugins/oracle/barrier/formula.ts';

const price = (type: BarrierType, S: number, X: number, H: number, K: number, r: number, q: number, v: number, T: number): number =>
  barrierPrice(barrierRecipe(type)!, S, X, H, K, r, q, v, T);

/** A market over the paper's box, widened with a dividend yield and a spot off 100. */
const market = fc.record({
  S: fc.double({ min: 50, max: 150, noNaN: true }),
  X: fc.double({ min: 50, max: 200, noNaN: true }),
  T: fc.double({ min: 0.002, max: 5, noNaN: true }),
  v: fc.double({ min: 0.01, max: 1, noNaN: true }),
  r: fc.double({ min: 0, max: 0.1, noNaN: true }),
  q: fc.double({ min: 0, max: 0.1, noNaN: true }),
  /** Where the barrier sits between the spot (0) and far away (1). */
  u: fc.double({ min: 1e-4, max: 1, noNaN: true }),
});
const downBarrier = (S: number, u: number): number => S - u * (S - 10);
const upBarrier = (S: number, u: number): number => S + u * 200;

describe('Black-Scholes (the vanilla the barrier identities lean on)', () => {
  it('matches Haug\'s worked examples', () => {
    // Haug, The Complete Guide to Option Pricing Formulas, 2nd ed., section 1.1.1 (call) and 1.1.6 (put, Merton 1973)
    expect(blackScholes(1, 60, 65, 0.08, 0, 0.3, 0.25)).toBeCloseTo(2.1334, 4);
    expect(blackScholes(-1, 100, 95, 0.1, 0.05, 0.2, 0.5)).toBeCloseTo(2.4648, 4);
  });
  it('satisfies put-call parity', () => {
    fc.assert(fc.property(market, ({ S, X, T, v, r, q }) => {
      const parity = blackScholes(1, S, X, r, q, v, T) - blackScholes(-1, S, X, r, q, v, T);
      return Math.abs(parity - (S * Math.exp(-q * T) - X * Math.exp(-r * T))) <= 1e-9 * S;
    }));
  });
});

describe('barrier closed form', () => {
  it('reproduces Haug\'s table of standard barrier options (S=100, T=0.5, r=0.08, q=0.04, rebate 3)', () => {
    // Published in E. G. Haug, "Option Pricing Formulas", McGraw-Hill 1998, p. 72 (Table of standard barrier
    // options; also Table 4-13 of the 2nd ed.), as transcribed in QuantLib's test-suite/barrieroption.cpp
    // (testHaugValues). Rows with H = S (already knocked) are left out: this oracle refuses them.
    // Columns: type, H, X, price at vol 0.25, price at vol 0.30.
    const table: [BarrierType, number, number, number, number][] = [
      ['down-out-call', 95, 90, 9.0246, 8.8334], ['down-out-call', 95, 100, 6.7924, 7.0285], ['down-out-call', 95, 110, 4.8759, 5.4137],
      ['up-out-call', 105, 90, 2.6789, 2.6341], ['up-out-call', 105, 100, 2.3580, 2.4389], ['up-out-call', 105, 110, 2.3453, 2.4315],
      ['down-in-call', 95, 90, 7.7627, 9.0093], ['down-in-call', 95, 100, 4.0109, 5.1370], ['down-in-call', 95, 110, 2.0576, 2.8517],
      ['up-in-call', 105, 90, 14.1112, 15.2098], ['up-in-call', 105, 100, 8.4482, 9.7278], ['up-in-call', 105, 110, 4.5910, 5.8350],
      ['down-out-put', 95, 90, 2.2798, 2.4170], ['down-out-put', 95, 100, 2.2947, 2.4258], ['down-out-put', 95, 110, 2.6252, 2.6246],
      ['up-out-put', 105, 90, 3.7760, 4.2293], ['up-out-put', 105, 100, 5.4932, 5.8032], ['up-out-put', 105, 110, 7.5187, 7.5649],
      ['down-in-put', 95, 90, 2.9586, 3.8769], ['down-in-put', 95, 100, 6.5677, 7.7989], ['down-in-put', 95, 110, 11.9752, 13.3078],
      ['up-in-put', 105, 90, 1.4653, 2.0658], ['up-in-put', 105, 100, 3.3721, 4.4226], ['up-in-put', 105, 110, 7.0846, 8.3686],
    ];
    for (const [type, H, X, v25, v30] of table) {
      // 4-decimal published figures: a rounding error up to 5e-5, so 1e-4 is the tightest fair bound.
      expect(Math.abs(price(type, 100, X, H, 3, 0.08, 0.04, 0.25, 0.5) - v25), `${type} H=${H} X=${X} vol 0.25`).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(price(type, 100, X, H, 3, 0.08, 0.04, 0.30, 0.5) - v30), `${type} H=${H} X=${X} vol 0.30`).toBeLessThanOrEqual(1e-4);
    }
  });

  it('in + out = vanilla for every type without rebate', () => {
    const pairs: [BarrierType, BarrierType, 1 | -1, boolean][] = [
      ['down-in-call', 'down-out-call', 1, false], ['up-in-call', 'up-out-call', 1, true],
      ['down-in-put', 'down-out-put', -1, false], ['up-in-put', 'up-out-put', -1, true],
    ];
    fc.assert(fc.property(market, fc.constantFrom(...pairs), ({ S, X, T, v, r, q, u }, [inT, outT, phi, up]) => {
      const H = up ? upBarrier(S, u) : downBarrier(S, u);
      const sum = price(inT, S, X, H, 0, r, q, v, T) + price(outT, S, X, H, 0, r, q, v, T);
      const vanilla = Math.max(0, blackScholes(phi, S, X, r, q, v, T));
      return Math.abs(sum - vanilla) <= 1e-9 * Math.max(S, X);
    }), { numRuns: 2000 });
  });

  it('put-call symmetry: a call on S is a put on X·S/S_t under the share measure (rates swapped)', () => {
    // C(S, X, H; r, q) = P(spot X, strike S, barrier X·S/H; rate q, dividend r), with down <-> up.
    const pairs: [BarrierType, BarrierType, boolean][] = [
      ['down-out-call', 'up-out-put', false], ['down-in-call', 'up-in-put', false],
      ['up-out-call', 'down-out-put', true], ['up-in-call', 'down-in-put', true],
    ];
    fc.assert(fc.property(market, fc.constantFrom(...pairs), ({ S, X, T, v, r, q, u }, [callT, putT, up]) => {
      const H = up ? upBarrier(S, u) : downBarrier(S, u);
      const call = price(callT, S, X, H, 0, r, q, v, T);
      const put = price(putT, X, S, (X * S) / H, 0, q, r, v, T);
      return Math.abs(call - put) <= 1e-9 * Math.max(S, X);
    }), { numRuns: 2000 });
  });

  it('0 <= down-and-out put <= vanilla put', () => {
    fc.assert(fc.property(market, ({ S, X, T, v, r, q, u }) => {
      const dop = price('down-out-put', S, X, downBarrier(S, u), 0, r, q, v, T);
      return dop >= 0 && dop <= blackScholes(-1, S, X, r, q, v, T) + 1e-10 * X;
    }), { numRuns: 1000 });
  });

  it('is monotone in the barrier (no rebate): out options lose value as the barrier nears the spot', () => {
    fc.assert(fc.property(market, fc.double({ min: 1e-3, max: 1, noNaN: true }), fc.constantFrom(...BARRIER_TYPES),
      ({ S, X, T, v, r, q, u }, shrink, type) => {
        const recipe = barrierRecipe(type)!;
        const far = recipe.up ? upBarrier(S, u) : downBarrier(S, u);
        const near = recipe.up ? upBarrier(S, u * shrink) : downBarrier(S, u * shrink);
        const pFar = price(type, S, X, far, 0, r, q, v, T), pNear = price(type, S, X, near, 0, r, q, v, T);
        const tol = 1e-9 * Math.max(S, X);
        // nearer barrier: more paths knocked, so out options cheaper and in options dearer
        return recipe.knockIn ? pNear >= pFar - tol : pNear <= pFar + tol;
      }), { numRuns: 2000 });
  });

  it('a rebate moves the price by at most its discounted amount', () => {
    fc.assert(fc.property(market, fc.double({ min: 0, max: 20, noNaN: true }), fc.constantFrom(...BARRIER_TYPES),
      ({ S, X, T, v, r, q, u }, K, type) => {
        const recipe = barrierRecipe(type)!;
        const H = recipe.up ? upBarrier(S, u) : downBarrier(S, u);
        const delta = price(type, S, X, H, K, r, q, v, T) - price(type, S, X, H, 0, r, q, v, T);
        // paid at expiry (knock-in): at most K e^{-rT}; paid at the hit (knock-out): at most K (r >= 0)
        const bound = recipe.knockIn ? K * Math.exp(-r * T) : K;
        const tol = 1e-9 * Math.max(S, X, K);
        return delta >= -tol && delta <= bound + tol;
      }), { numRuns: 2000 });
  });

  it('is continuous where the formula switches branch (strike = barrier)', () => {
    fc.assert(fc.property(market, fc.constantFrom(...BARRIER_TYPES), fc.double({ min: 0, max: 5, noNaN: true }),
      ({ S, T, v, r, q, u }, type, K) => {
        const recipe = barrierRecipe(type)!;
        const H = recipe.up ? upBarrier(S, u) : downBarrier(S, u);
        const a = price(type, S, H * (1 + 1e-12), H, K, r, q, v, T), b = price(type, S, H * (1 - 1e-12), H, K, r, q, v, T);
        return Math.abs(a - b) <= 1e-8 * Math.max(S, H);
      }), { numRuns: 1000 });
  });

  it('is finite, non-negative and bounded over the whole paper box and its corners, every type', () => {
    const corner = <T>(values: T[], range: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof(fc.constantFrom(...values), range);
    const box = fc.record({
      X: corner([50, 200], fc.double({ min: 50, max: 200, noNaN: true })),
      T: corner([0.002, 1 / 365, 5], fc.double({ min: 0.002, max: 5, noNaN: true })),
      v: corner([0.01, 1], fc.double({ min: 0.01, max: 1, noNaN: true })),
      r: corner([0, 0.1], fc.double({ min: 0, max: 0.1, noNaN: true })),
      q: corner([0, 0.1], fc.double({ min: 0, max: 0.1, noNaN: true })),
      K: corner([0, 3], fc.double({ min: 0, max: 10, noNaN: true })),
      /** Barrier: the range ends, or within 1e-3 of the spot or of the strike. */
      h: fc.oneof(fc.constantFrom('min', 'max', 'spot', 'strike'), fc.double({ min: 0, max: 1, noNaN: true })),
      type: fc.constantFrom(...BARRIER_TYPES),
    });
    fc.assert(fc.property(box, ({ X, T, v, r, q, K, h, type }) => {
      const S = 100;
      const recipe = barrierRecipe(type)!;
      // down barriers over the paper's [10, 100), up barriers mirrored over (100, 1000]
      const lo = recipe.up ? S + 1e-3 : 10, hi = recipe.up ? 1000 : S - 1e-3;
      const nearStrike = X + (recipe.up ? 1e-3 : -1e-3);
      let H = h === 'min' ? lo : h === 'max' ? hi : h === 'spot' ? (recipe.up ? lo : hi) : h === 'strike' ? nearStrike : lo + (hi - lo) * h;
      H = Math.min(hi, Math.max(lo, H));
      expect(barrierProblem(recipe, S, X, H, K, r, q, v, T)).toBeUndefined();
      const p = price(type, S, X, H, K, r, q, v, T);
      const cap = (recipe.phi === 1 ? S : X) + K;
      return Number.isFinite(p) && p >= 0 && p <= cap;
    }), { numRuns: 5000 });
  });

  it('refuses rows already knocked, and bad inputs, with a reason', () => {
    const dop = barrierRecipe('down-out-put')!, uic = barrierRecipe('up-in-call')!;
    expect(barrierProblem(dop, 100, 110, 100, 0, 0.05, 0, 0.2, 1)).toMatch(/already knocked out/);
    expect(barrierProblem(dop, 100, 110, 120, 0, 0.05, 0, 0.2, 1)).toMatch(/at or above the spot/);
    expect(barrierProblem(uic, 100, 110, 90, 0, 0.05, 0, 0.2, 1)).toMatch(/already knocked in/);
    expect(barrierProblem(dop, 100, 110, 90, 0, 0.05, 0, 0, 1)).toMatch(/vol must be positive/);
    expect(barrierProblem(dop, 100, 110, 90, 0, 0.05, 0, 0.2, 0)).toMatch(/time must be positive/);
    expect(barrierProblem(dop, 100, 110, 90, -1, 0.05, 0, 0.2, 1)).toMatch(/rebate/);
    expect(barrierProblem(dop, 100, NaN, 90, 0, 0.05, 0, 0.2, 1)).toMatch(/finite/);
  });
});
