import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lnGamma, logNormCdf, normCdf } from '../../src/stats/special.ts';

// ln |Γ(x)| computed with mpmath 1.3 at 40 significant digits (`mpmath.log(abs(mpmath.gamma(x)))`), rounded
// to 22 digits: arguments below 0.5 take the reflection branch (-0.5 also checks the absolute value).
const LN_GAMMA: [number, number][] = [
  [0.001, 6.907178885383853661684], [0.1, 2.252712651734205902006], [0.25, 1.288022524698077457371],
  [-0.5, 1.265512123484645396489], [3.5, 1.200973602347074224816], [100.5, 361.4355404677776215553],
];

// Reference values of Φ(x) and log Φ(x) computed with mpmath 1.x at 40 significant digits
// (`mpmath.ncdf`, `mpmath.log(mpmath.ncdf(x))`), rounded to 20 digits.
const PHI: [number, number][] = [
  [-37.5, 4.6053530095819548438e-308], [-30, 4.9067139271481870595e-198], [-20, 2.7536241186062336951e-89],
  [-10, 7.619853024160526066e-24], [-8, 6.2209605742717841235e-16], [-6, 9.865876450376981407e-10],
  [-5.656854249492381, 7.7086289501399920655e-9], [-5, 2.8665157187919391167e-7], [-3, 0.0013498980316300945267],
  [-1, 0.15865525393145705141], [-0.67448975, 0.25000000006231018464], [-0.5, 0.30853753872598689636],
  [-0.1, 0.46017216272297101633], [0.2, 0.57925970943910302738], [0.6744, 0.74997147862705938531],
  [0.9, 0.81593987465324051735], [2.5, 0.99379033467422386483], [5, 0.99999971334842812081], [7, 0.99999999999872018746],
];
const LOG_PHI: [number, number][] = [[-50, -1254.8313611394199013], [-200, -20006.217280898190402], [-1000, -500007.82669481218431]];

const density = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
/** ∫_a^b φ by composite Simpson with 20000 panels (truncation error below 1e-16 for b - a <= 4). */
function integrate(a: number, b: number): number {
  const m = 20000, h = (b - a) / m;
  let s = density(a) + density(b);
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * density(a + i * h);
  return (s * h) / 3;
}

describe('lnGamma', () => {
  it('equals the log factorials ln((n - 1)!) for n = 1..170 and ln √π at 1/2', () => {
    let logFactorial = 0; // ln((n - 1)!), summed term by term (error ~n ulp, far below the tolerance)
    for (let n = 1; n <= 170; n++) {
      if (n > 1) logFactorial += Math.log(n - 1);
      expect(Math.abs(lnGamma(n) - logFactorial), `n=${n}`).toBeLessThan(1e-14 * Math.max(1, logFactorial));
    }
    expect(Math.abs(lnGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-15);
  });

  it('matches high-precision values off the integers, both sides of the reflection', () => {
    for (const [x, v] of LN_GAMMA) expect(Math.abs(lnGamma(x) - v) / v, `x=${x}`).toBeLessThan(1e-14);
  });

  it('satisfies the recurrence ln Γ(x + 1) = ln Γ(x) + ln x', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 50, noNaN: true }), (x) => {
      const lhs = lnGamma(x + 1), rhs = lnGamma(x) + Math.log(x);
      return Math.abs(lhs - rhs) <= 1e-13 * Math.max(1, Math.abs(lhs));
    }));
  });
});

describe('normCdf (Cody)', () => {
  it('matches high-precision values to ~1e-15 relative, tails included', () => {
    for (const [x, p] of PHI) expect(Math.abs(normCdf(x) - p) / p, `x=${x}`).toBeLessThan(2e-15);
  });

  it('is symmetric: Φ(x) + Φ(-x) = 1', () => {
    fc.assert(fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => Math.abs(normCdf(x) + normCdf(-x) - 1) <= 2.3e-16));
  });

  it('is monotone and within [0, 1]', () => {
    fc.assert(fc.property(fc.double({ min: -60, max: 60, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (x, d) => {
      const a = normCdf(x), b = normCdf(x + d);
      return a >= 0 && b <= 1 && a <= b;
    }));
  });

  it('differences equal the integral of the density (independent check across interval seams)', () => {
    fc.assert(fc.property(fc.double({ min: -9, max: 5, noNaN: true }), fc.double({ min: 0.05, max: 4, noNaN: true }), (a, w) => {
      const lower = Math.min(a, -a - w); // use the lower tail where both values are accurate
      const upper = lower + w;
      const exact = integrate(lower, upper);
      const pa = normCdf(lower), pb = normCdf(upper);
      // each value carries up to ~2e-15 relative error; Simpson's own error is far below 1e-14 relative
      return Math.abs(pb - pa - exact) <= 3e-15 * (pa + pb) + 1e-14 * exact;
    }), { numRuns: 200 });
  });

  it('is 0 and 1 beyond the double range, NaN for NaN', () => {
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(-45)).toBe(0);
    expect(Number.isNaN(normCdf(NaN))).toBe(true);
  });
});

describe('logNormCdf', () => {
  it('continues past the underflow of Φ', () => {
    for (const [x, lp] of LOG_PHI) expect(Math.abs(logNormCdf(x) - lp) / -lp, `x=${x}`).toBeLessThan(1e-15);
  });

  it('agrees with log Φ where Φ is representable', () => {
    fc.assert(fc.property(fc.double({ min: -37, max: 8, noNaN: true }), (x) => {
      const a = logNormCdf(x), b = Math.log(normCdf(x));
      return Math.abs(a - b) <= 1e-14 * Math.max(1, Math.abs(b)) || (x > 0 && Math.abs(a - b) <= 1e-16);
    }));
  });
});
