/**
 * Closed-form prices of the eight continuously monitored single-barrier European options (Reiner and
 * Rubinstein, 1991), in the notation of Haug, *The Complete Guide to Option Pricing Formulas* (2nd ed.,
 * section 4.17.1): terms A to F combined per type, with a cash rebate (paid at the hit for knock-outs, at
 * expiry for knock-ins never knocked in) and a continuous dividend yield (cost of carry b = r - q).
 *
 * Scalar functions on plain numbers: callers loop over typed columns, nothing is allocated per row.
 */
import { gaussian, logNormCdf, normCdf, normCdfWith } from './normal.ts';

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

/** Above this a power of H/S times Φ is formed in log space (Φ may underflow where the product does not). */
const HUGE_POWER = 1e200;

/**
 * power · Φ(arg) with power = (H/S)^exponent and g = e^{-arg²/2} (see normCdfWith), finite whenever the
 * true product is: when the power is huge or overflows (a far barrier at low volatility, or a dividend above the rate) and the probability is tiny
 * or underflows to 0, the product is formed in log space, so Infinity · 0 gives the (usually negligible)
 * true value instead of NaN, and 1e300 · (underflowed 0) does not lose a non-negligible product.
 */
/**
 * e^{-(d - σ√T)²/2} from g = e^{-d²/2} and the pair factor k; computed directly when g is so small (|d| > 36)
 * that a product with k could underflow where the true value does not.
 */
function shiftedGaussian(g: number, k: number, shifted: number): number {
  return g > 1e-280 ? g * k : gaussian(shifted);
}

function powerTimesCdf(power: number, exponent: number, lnHS: number, arg: number, g: number): number {
  return power < HUGE_POWER ? power * normCdfWith(arg, g) : Math.exp(exponent * lnHS + logNormCdf(arg));
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

/**
 * Price of one barrier option (inputs already checked by {@link barrierProblem}). `time` in years, `rate`,
 * `dividend` and `vol` annualized and continuously compounded. Never negative; finite over any valid input.
 */
export function barrierPrice(
  recipe: BarrierRecipe, spot: number, strike: number, barrier: number, rebate: number,
  rate: number, dividend: number, vol: number, time: number,
): number {
  const { phi, eta } = recipe;
  const c = strike > barrier ? recipe.above : recipe.below;
  const sT = vol * Math.sqrt(time);
  const inv = 1 / sT;
  const v2 = vol * vol;
  const mu = (rate - dividend - 0.5 * v2) / v2;
  const m1 = (1 + mu) * sT;
  const lnSX = Math.log(spot / strike);
  const hs = barrier / spot;
  const lnHS = Math.log(hs);
  const df = Math.exp(-rate * time);
  const fwdS = dividend === 0 ? spot : spot * Math.exp(-dividend * time);
  const pvX = strike * df;
  // the reflection powers (H/S)^{2(mu+1)} and (H/S)^{2mu}, when a term needs them (may be 0 or Infinity)
  const e1 = 2 * (mu + 1), e0 = 2 * mu;
  const reflected = c[2] !== 0 || c[3] !== 0 || (rebate > 0 && recipe.knockIn);
  const pow0 = reflected ? Math.exp(e0 * lnHS) : 0;
  const pow1 = pow0 * hs * hs; // (H/S)^{2mu} (H/S)^2; when pow0 underflows, pow1 is as negligible
  // Each term pairs Φ(±d) with Φ(±(d - σ√T)); e^{-(d - σ√T)²/2} = e^{-d²/2} · k with k = e^{d σ√T - σ²T/2},
  // which is (S/X, S/H, H²/(SX), H/S) · e^{bT} for d = x1, x2, y1, y2: one exponential per pair.
  const ebT = fwdS / (spot * df); // e^{(r - q)T} without another exponential
  let value = 0;
  if (c[0] !== 0) {
    const x1 = lnSX * inv + m1;
    const g = gaussian(x1);
    value += c[0] * phi * (fwdS * normCdfWith(phi * x1, g) - pvX * normCdfWith(phi * (x1 - sT), shiftedGaussian(g, (spot / strike) * ebT, x1 - sT)));
  }
  if (c[1] !== 0) {
    const x2 = -lnHS * inv + m1;
    const g = gaussian(x2);
    value += c[1] * phi * (fwdS * normCdfWith(phi * x2, g) - pvX * normCdfWith(phi * (x2 - sT), shiftedGaussian(g, ebT / hs, x2 - sT)));
  }
  if (c[2] !== 0) {
    const y1 = (2 * lnHS + lnSX) * inv + m1;
    const g = gaussian(y1);
    value += c[2] * phi * (fwdS * powerTimesCdf(pow1, e1, lnHS, eta * y1, g) - pvX * powerTimesCdf(pow0, e0, lnHS, eta * (y1 - sT), shiftedGaussian(g, ((hs * hs * spot) / strike) * ebT, y1 - sT)));
  }
  if (c[3] !== 0) {
    const y2 = lnHS * inv + m1;
    const g = gaussian(y2);
    value += c[3] * phi * (fwdS * powerTimesCdf(pow1, e1, lnHS, eta * y2, g) - pvX * powerTimesCdf(pow0, e0, lnHS, eta * (y2 - sT), shiftedGaussian(g, hs * ebT, y2 - sT)));
  }
  if (rebate > 0) {
    if (recipe.knockIn) {
      // E: the rebate paid at expiry when the barrier was never touched.
      const x2 = -lnHS * inv + m1;
      const y2 = lnHS * inv + m1;
      value += rebate * df * (normCdf(eta * (x2 - sT)) - powerTimesCdf(pow0, e0, lnHS, eta * (y2 - sT), gaussian(y2 - sT)));
    } else {
      // F: the rebate paid at the first hit.
      const lambda = Math.sqrt(mu * mu + (2 * rate) / v2);
      const z = lnHS * inv + lambda * sT;
      const ePlus = mu + lambda, eMinus = mu - lambda;
      const zm = z - 2 * lambda * sT;
      value += rebate * (powerTimesCdf(Math.exp(ePlus * lnHS), ePlus, lnHS, eta * z, gaussian(z)) + powerTimesCdf(Math.exp(eMinus * lnHS), eMinus, lnHS, eta * zm, gaussian(zm)));
    }
  }
  // Rounding in A - B + C - D can leave a few ulps below zero; a NaN still propagates (NaN < 0 is false).
  return value < 0 ? 0 : value;
}

/** Black-Scholes-Merton price of a European call (phi = 1) or put (phi = -1) with a dividend yield. */
export function blackScholes(phi: 1 | -1, spot: number, strike: number, rate: number, dividend: number, vol: number, time: number): number {
  const sT = vol * Math.sqrt(time);
  const d1 = (Math.log(spot / strike) + (rate - dividend) * time) / sT + 0.5 * sT;
  return phi * (spot * Math.exp(-dividend * time) * normCdf(phi * d1) - strike * Math.exp(-rate * time) * normCdf(phi * (d1 - sT)));
}
