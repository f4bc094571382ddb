/**
 * Closed-form prices of the eight continuously monitored single-barrier European options (Reiner and
 * Rubinstein, 1991), in the notation of Haug, *The Complete Guide to Option Pricing Formulas* (2nd ed.,
 * section 4.17.1): terms A to F combined per type, with a cash rebate (paid at the hit for knock-outs, at
 * expiry for knock-ins never knocked in) and a continuous dividend yield (cost of carry b = r - q).
 *
 * `priceBarriers` prices a batch over typed columns (nothing allocated per row); `barrierPrice` one contract.
 */
import { gaussian, logNormCdf, normCdf, normCdfWith } from '../../../src/stats/special.ts';

/** The eight single-barrier option types, named `<down|up>-<in|out>-<call|put>`. */
export const BARRIER_TYPES = [
  'down-in-call', 'up-in-call', 'down-in-put', 'up-in-put',
  'down-out-call', 'up-out-call', 'down-out-put', 'up-out-put',
] as const;
/** One of {@link BARRIER_TYPES}. */
export type BarrierType = (typeof BARRIER_TYPES)[number];

/** How a type combines Haug's terms: signs φ (call 1, put -1) and η (down 1, up -1), and coefficients. */
export interface BarrierRecipe {
  readonly type: BarrierType;
  readonly phi: 1 | -1;
  readonly eta: 1 | -1;
  readonly up: boolean;
  readonly knockIn: boolean;
  /** Coefficients of [A, B, C, D] when the strike is above the barrier (X > H). */
  readonly above: readonly [number, number, number, number];
  /** Coefficients of [A, B, C, D] when the strike is at or below the barrier. */
  readonly below: readonly [number, number, number, number];
}

// Haug, Complete Guide (2nd ed.), table of standard barrier options; E is added to knock-ins, F to knock-outs.
const RECIPES: Record<BarrierType, BarrierRecipe> = {
  'down-in-call': { type: 'down-in-call', phi: 1, eta: 1, up: false, knockIn: true, above: [0, 0, 1, 0], below: [1, -1, 0, 1] },
  'up-in-call': { type: 'up-in-call', phi: 1, eta: -1, up: true, knockIn: true, above: [1, 0, 0, 0], below: [0, 1, -1, 1] },
  'down-in-put': { type: 'down-in-put', phi: -1, eta: 1, up: false, knockIn: true, above: [0, 1, -1, 1], below: [1, 0, 0, 0] },
  'up-in-put': { type: 'up-in-put', phi: -1, eta: -1, up: true, knockIn: true, above: [1, -1, 0, 1], below: [0, 0, 1, 0] },
  'down-out-call': { type: 'down-out-call', phi: 1, eta: 1, up: false, knockIn: false, above: [1, 0, -1, 0], below: [0, 1, 0, -1] },
  'up-out-call': { type: 'up-out-call', phi: 1, eta: -1, up: true, knockIn: false, above: [0, 0, 0, 0], below: [1, -1, 1, -1] },
  'down-out-put': { type: 'down-out-put', phi: -1, eta: 1, up: false, knockIn: false, above: [1, -1, 1, -1], below: [0, 0, 0, 0] },
  'up-out-put': { type: 'up-out-put', phi: -1, eta: -1, up: true, knockIn: false, above: [0, 1, 0, -1], below: [1, 0, -1, 0] },
};

/** The recipe of a type name, or undefined for an unknown name. */
export function barrierRecipe(type: string): BarrierRecipe | undefined {
  return Object.hasOwn(RECIPES, type) ? RECIPES[type as BarrierType] : undefined;
}

/**
 * Why a contract cannot be priced, or undefined when it can: inputs must be finite, spot, strike, barrier,
 * volatility and time positive, the rebate non-negative, and the barrier not already crossed (a down
 * barrier below the spot, an up barrier above it).
 */
export function barrierProblem(
  recipe: BarrierRecipe, spot: number, strike: number, barrier: number, rebate: number,
  rate: number, dividend: number, vol: number, time: number,
): string | undefined {
  if (!(Number.isFinite(spot) && Number.isFinite(strike) && Number.isFinite(barrier) && Number.isFinite(rebate)
    && Number.isFinite(rate) && Number.isFinite(dividend) && Number.isFinite(vol) && Number.isFinite(time))) {
    return 'every input must be a finite number';
  }
  if (!(spot > 0 && strike > 0 && barrier > 0)) return 'spot, strike and barrier must be positive';
  if (!(vol > 0)) return `vol must be positive (got ${vol})`;
  if (!(time > 0)) return `time must be positive years (got ${time})`;
  if (!(rebate >= 0)) return `rebate must be non-negative (got ${rebate})`;
  if (recipe.up ? barrier <= spot : barrier >= spot) {
    const where = recipe.up ? 'at or below' : 'at or above';
    const what = recipe.knockIn ? 'knocked in: price it as a vanilla option' : 'knocked out: its value is the rebate';
    return `${recipe.type}: barrier ${barrier} is ${where} the spot ${spot}, so the option is already ${what}.`;
  }
  return undefined;
}

/** A batch input: row i's value is `a[offset + i * stride]`; stride 0 broadcasts one value to every row. */
export interface Column {
  readonly a: Float64Array;
  readonly offset: number;
  readonly stride: number;
}

/** A column over `a` (a typed column, or one feature of a row-major matrix with `stride` features). */
export function column(a: Float64Array, offset = 0, stride = 1): Column {
  return { a, offset, stride };
}

/** A column holding `value` for every row. */
export function constant(value: number): Column {
  return { a: Float64Array.of(value), offset: 0, stride: 0 };
}

/** The inputs of a batch of barrier options, one column each. */
export interface BarrierColumns {
  readonly spot: Column;
  readonly strike: Column;
  readonly barrier: Column;
  readonly rebate: Column;
  readonly rate: Column;
  readonly dividend: Column;
  readonly vol: Column;
  readonly time: Column;
}

/** Above this a power of H/S times Φ is formed in log space (Φ may underflow where the product does not). */
const HUGE_POWER = 1e200;
/** Rows per block: the pair buffers below hold 4 pairs per row. */
const BLOCK = 256;

// Pair buffers, reused by every call (single-threaded, no re-entrancy): pair j adds
// w1·Φ(a1) - w2·Φ(a2) to row pairRow[j], with (a1, a2) at args[2j], args[2j + 1] and
// e^{-a2²/2} = e^{-a1²/2}·k (see priceBarriers).
const pairRow = new Int32Array(4 * BLOCK);
const pairK = new Float64Array(4 * BLOCK), pairW1 = new Float64Array(4 * BLOCK), pairW2 = new Float64Array(4 * BLOCK);
const args = new Float64Array(8 * BLOCK), gaussians = new Float64Array(8 * BLOCK), cdfs = new Float64Array(8 * BLOCK);
const blockSum = new Float64Array(BLOCK);

/** power · Φ(arg) in log space, for a power of H/S that is huge or overflows (exponent · lnHS is its log). */
function logSpaceProduct(exponent: number, lnHS: number, arg: number): number {
  return Math.exp(exponent * lnHS + logNormCdf(arg));
}

/**
 * Prices `n` barrier options of one type into `out` (inputs already checked by {@link barrierProblem}):
 * `time` in years, `rate`, `dividend` and `vol` annualized and continuously compounded. Never negative;
 * finite over any valid input. Allocates nothing per row.
 *
 * Haug's terms A to D each pair Φ(±d) with Φ(±(d - σ√T)) for d = x1, x2, y1, y2, and
 * e^{-(d - σ√T)²/2} = e^{-d²/2} · k with k = e^{dσ√T - σ²T/2} = (S/X, S/H, H²/(SX), H/S) · e^{bT}, so a
 * pair costs one exponential. Rows are processed in blocks: a first pass writes each row's pairs
 * (arguments, factor, weights) to buffers; then tight loops form the Gaussians, the CDFs (one call site,
 * so V8 inlines the whole CDF and boxes no double) and the weighted sums; the rebate terms are added in
 * the first pass. A power of H/S that is huge or overflows (a far barrier at low volatility, a dividend
 * above the rate) is multiplied in log space, so Infinity · 0 gives the (usually negligible) true value
 * instead of NaN.
 */
export function priceBarriers(recipe: BarrierRecipe, cols: BarrierColumns, n: number, out: Float64Array): void {
  const { phi, eta, knockIn } = recipe;
  const { spot: cS, strike: cX, barrier: cH, rebate: cK, rate: cR, dividend: cQ, vol: cV, time: cT } = cols;
  for (let start = 0; start < n; start += BLOCK) {
    const rows = Math.min(BLOCK, n - start);
    let m = 0;
    for (let b = 0; b < rows; b++) {
      const i = start + b;
      const spot = cS.a[cS.offset + i * cS.stride]!, strike = cX.a[cX.offset + i * cX.stride]!;
      const barrier = cH.a[cH.offset + i * cH.stride]!, rate = cR.a[cR.offset + i * cR.stride]!;
      const dividend = cQ.a[cQ.offset + i * cQ.stride]!, vol = cV.a[cV.offset + i * cV.stride]!;
      const time = cT.a[cT.offset + i * cT.stride]!;
      const c = strike > barrier ? recipe.above : recipe.below;
      const sT = vol * Math.sqrt(time);
      const inv = 1 / sT;
      const mu = (rate - dividend) / (vol * vol) - 0.5;
      const m1 = (1 + mu) * sT;
      const hs = barrier / spot;
      const lnSX = Math.log(spot / strike), lnHS = Math.log(hs);
      const df = Math.exp(-rate * time);
      const fwdS = dividend === 0 ? spot : spot * Math.exp(-dividend * time);
      const pvX = strike * df;
      const ebT = fwdS / (spot * df); // e^{(r - q)T} without another exponential
      let sum = 0;
      if (c[0] !== 0) {
        const x1 = lnSX * inv + m1;
        pairRow[m] = b; args[2 * m] = phi * x1; args[2 * m + 1] = phi * (x1 - sT); pairK[m] = (spot / strike) * ebT;
        pairW1[m] = c[0] * phi * fwdS; pairW2[m] = c[0] * phi * pvX; m++;
      }
      if (c[1] !== 0) {
        const x2 = -lnHS * inv + m1;
        pairRow[m] = b; args[2 * m] = phi * x2; args[2 * m + 1] = phi * (x2 - sT); pairK[m] = ebT / hs;
        pairW1[m] = c[1] * phi * fwdS; pairW2[m] = c[1] * phi * pvX; m++;
      }
      if (c[2] !== 0 || c[3] !== 0) {
        // reflection terms C (d = y1) and D (d = y2), weighted by (H/S)^{2(mu+1)} and (H/S)^{2mu}
        const e0 = 2 * mu, e1 = e0 + 2;
        const pow0 = Math.exp(e0 * lnHS);
        const pow1 = pow0 * hs * hs;
        const y1 = (2 * lnHS + lnSX) * inv + m1, y2 = lnHS * inv + m1;
        for (let t = 2; t < 4; t++) {
          if (c[t] === 0) continue;
          const y = t === 2 ? y1 : y2;
          if (pow0 < HUGE_POWER && pow1 < HUGE_POWER) {
            pairRow[m] = b; args[2 * m] = eta * y; args[2 * m + 1] = eta * (y - sT); pairK[m] = (t === 2 ? (hs * hs * spot) / strike : hs) * ebT;
            pairW1[m] = c[t] * phi * fwdS * pow1; pairW2[m] = c[t] * phi * pvX * pow0; m++;
          } else {
            sum += c[t] * phi * (fwdS * logSpaceProduct(e1, lnHS, eta * y) - pvX * logSpaceProduct(e0, lnHS, eta * (y - sT)));
          }
        }
      }
      const rebate = cK.a[cK.offset + i * cK.stride]!;
      if (rebate > 0) sum += rebateValue(knockIn, eta, rebate, lnHS, inv, sT, mu, m1, rate, vol, df);
      blockSum[b] = sum;
    }
    for (let j = 0; j < m; j++) {
      const g1 = gaussian(args[2 * j]!);
      gaussians[2 * j] = g1;
      // e^{-a2²/2} from g1, or directly when g1 is so small (|a1| > 36) that g1·k could underflow wrongly
      gaussians[2 * j + 1] = g1 > 1e-280 ? g1 * pairK[j]! : gaussian(args[2 * j + 1]!);
    }
    for (let h = 0; h < 2 * m; h++) cdfs[h] = normCdfWith(args[h]!, gaussians[h]!);
    for (let j = 0; j < m; j++) blockSum[pairRow[j]!]! += pairW1[j]! * cdfs[2 * j]! - pairW2[j]! * cdfs[2 * j + 1]!;
    // Rounding in A - B + C - D can leave a few ulps below zero; a NaN still propagates (NaN < 0 is false).
    for (let b = 0; b < rows; b++) out[start + b] = blockSum[b]! < 0 ? 0 : blockSum[b]!;
  }
}

/**
 * The rebate terms: E (knock-ins: paid at expiry when the barrier was never touched) and F (knock-outs:
 * paid at the first hit), each power of H/S times Φ guarded like the reflection terms.
 */
function rebateValue(knockIn: boolean, eta: number, rebate: number, lnHS: number, inv: number, sT: number,
  mu: number, m1: number, rate: number, vol: number, df: number): number {
  if (knockIn) {
    const x2 = -lnHS * inv + m1, y2 = lnHS * inv + m1;
    return rebate * df * (normCdf(eta * (x2 - sT)) - guardedProduct(2 * mu, lnHS, eta * (y2 - sT)));
  }
  const lambda = Math.sqrt(mu * mu + (2 * rate) / (vol * vol));
  const z = lnHS * inv + lambda * sT;
  return rebate * (guardedProduct(mu + lambda, lnHS, eta * z) + guardedProduct(mu - lambda, lnHS, eta * (z - 2 * lambda * sT)));
}

/** (H/S)^exponent · Φ(arg), in log space when the power is huge or overflows. */
function guardedProduct(exponent: number, lnHS: number, arg: number): number {
  const power = Math.exp(exponent * lnHS);
  return power < HUGE_POWER ? power * normCdf(arg) : logSpaceProduct(exponent, lnHS, arg);
}

/**
 * Price of one barrier option (checked by {@link barrierProblem}): {@link priceBarriers} on a batch of one
 * (allocates its columns; loop over a batch instead for many contracts).
 */
export function barrierPrice(
  recipe: BarrierRecipe, spot: number, strike: number, barrier: number, rebate: number,
  rate: number, dividend: number, vol: number, time: number,
): number {
  const out = new Float64Array(1);
  priceBarriers(recipe, {
    spot: constant(spot), strike: constant(strike), barrier: constant(barrier), rebate: constant(rebate),
    rate: constant(rate), dividend: constant(dividend), vol: constant(vol), time: constant(time),
  }, 1, out);
  return out[0]!;
}

/** Black-Scholes-Merton price of a European call (phi = 1) or put (phi = -1) with a dividend yield. */
export function blackScholes(phi: 1 | -1, spot: number, strike: number, rate: number, dividend: number, vol: number, time: number): number {
  const sT = vol * Math.sqrt(time);
  const d1 = (Math.log(spot / strike) + (rate - dividend) * time) / sT + 0.5 * sT;
  return phi * (spot * Math.exp(-dividend * time) * normCdf(phi * d1) - strike * Math.exp(-rate * time) * normCdf(phi * (d1 - sT)));
}
