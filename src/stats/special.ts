/**
 * Special functions shared by the detectors' nulls (src/detect), the repeat intervals (student-t.ts) and
 * the barrier oracle's pricing formulas: log-gamma and the standard normal distribution function.
 *
 * The normal distribution function follows W. J. Cody's rational Chebyshev approximations
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969; the ANORM routine of
 * Cody's SPECFUN package, ACM TOMS Algorithm 715, 1993). Accurate to about 1e-16 relative on the lower
 * tail in double precision, including the far tail (down to the underflow near -38.5), and cheap: at most
 * two `Math.exp` calls and no allocation. The barrier oracle calls it in its hot loop (benchmarked against
 * a C++ anchor): change its arithmetic only with the `oracle:barrier` bench case at hand.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * ln |Γ(x)| for x other than 0 and the negative integers (the poles), by Lanczos (g = 7, 9 terms; error
 * about 1e-15, relative away from the zeros at 1 and 2). Below 0.5 it reflects, Γ(x) Γ(1 - x) = π / sin(πx),
 * so arguments in (0, 0.5) keep full accuracy too.
 */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const SQRT_32 = 5.656854249492380195206754896838;
const INV_SQRT_2PI = 0.398942280401432677939946059934;
/** Below Cody's threshold the series in x^2 is used; 0.67448975 is where Φ(x) = 0.75. */
const SMALL = 0.67448975;

// Coefficients of the three intervals (Cody 1969 / ANORM), |x| <= 0.67, <= sqrt(32), > sqrt(32).
const A0 = 2.2352520354606839287, A1 = 161.02823106855587881, A2 = 1067.6894854603709582;
const A3 = 18154.981253343561249, A4 = 0.065682337918207449113;
const B0 = 47.20258190468824187, B1 = 976.09855173777669322, B2 = 10260.932208618978205;
const B3 = 45507.789335026729956;
const C0 = 0.39894151208813466764, C1 = 8.8831497943883759412, C2 = 93.506656132177855979;
const C3 = 597.27027639480026226, C4 = 2494.5375852903726711, C5 = 6848.1904505362823326;
const C6 = 11602.651437647350124, C7 = 9842.7148383839780218, C8 = 1.0765576773720192317e-8;
const D0 = 22.266688044328115691, D1 = 235.38790178262499861, D2 = 1519.377599407554805;
const D3 = 6485.558298266760755, D4 = 18615.571640885098091, D5 = 34900.952721145977266;
const D6 = 38912.003286093271411, D7 = 19685.429676859990727;
const P0 = 0.21589853405795699, P1 = 0.1274011611602473639, P2 = 0.022235277870649807;
const P3 = 0.001421619193227893466, P4 = 2.9112874951168792e-5, P5 = 0.02307344176494017303;
const Q0 = 1.28426009614491121, Q1 = 0.468238212480865118, Q2 = 0.0659881378689285515;
const Q3 = 0.00378239633202758244, Q4 = 7.29751555083966205e-5;

/** P(Z <= -y)·e^{y²/2} in the middle interval (0.674 < y <= sqrt(32)). */
function middleFactor(y: number): number {
  const num = ((((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y) + C7;
  const den = ((((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y) + D7;
  return num / den;
}

/** The same factor in the far tail (|x| > sqrt(32)), an asymptotic rational in 1/x². */
function tailFactor(y: number): number {
  const z = 1 / (y * y);
  const num = (((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z) + P4;
  const den = (((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z) + Q4;
  return (INV_SQRT_2PI - (z * num) / den) / y;
}

/** Veltkamp's splitting constant 2^27 + 1 (Dekker's exact product). */
const SPLIT = 134217729;

/**
 * e^{-y²/2} to about one ulp with a single `Math.exp`: y² is formed exactly as p + e (Dekker's
 * two-product), e^{-p/2} is exact up to its own rounding (p/2 is exact), and e^{-e/2} = 1 - e/2 to first
 * order since |e| <= ulp(p). This is Cody's e^{-r²/2}·e^{-(y-r)(y+r)/2} split, one exponential cheaper.
 */
export function gaussian(y: number): number {
  const p = y * y;
  const c = SPLIT * y;
  const hi = c - (c - y);
  const lo = y - hi;
  const e = hi * hi - p + 2 * hi * lo + lo * lo;
  return Math.exp(-0.5 * p) * (1 - 0.5 * e);
}

/** The rational factor R(y) with P(Z <= -y) = e^{-y²/2} R(y), for y > SMALL. */
function tailRatio(y: number): number {
  return y <= SQRT_32 ? middleFactor(y) : tailFactor(y);
}

/**
 * Φ(x) given g = e^{-x²/2}, from {@link gaussian} or derived from a neighbour's (for x' = x - s,
 * e^{-x'²/2} = e^{-x²/2} e^{xs - s²/2}): pricing formulas pair Φ(d) with Φ(d - σ√T) and save one
 * exponential per pair this way. g is ignored where it is not needed (|x| <= 0.674 or |x| > 40).
 */
export function normCdfWith(x: number, g: number): number {
  const y = Math.abs(x);
  if (y <= SMALL) {
    // the series in x², no exponential (written out here so that it inlines with the caller)
    const s = x * x;
    const num = (((A4 * s + A0) * s + A1) * s + A2) * s + A3;
    const den = (((s + B0) * s + B1) * s + B2) * s + B3;
    return 0.5 + (x * num) / den;
  }
  if (y > 40) return x > 0 ? 1 : 0; // beyond the underflow of the tail; also avoids 1/y^2 issues at Infinity
  const tail = g * tailRatio(y);
  return x > 0 ? 1 - tail : tail;
}

/** Standard normal distribution function Φ(x) = P(Z <= x). Φ(NaN) is NaN. */
export function normCdf(x: number): number {
  return normCdfWith(x, Math.abs(x) <= SMALL ? 1 : gaussian(x));
}

/**
 * log Φ(x), finite for every finite x (the far lower tail is computed in log space, so it keeps going
 * where Φ underflows). Used where a huge power multiplies a tiny probability.
 */
export function logNormCdf(x: number): number {
  if (x > SMALL) return Math.log1p(-gaussian(x) * tailRatio(x));
  if (x > -SMALL) return Math.log(normCdfWith(x, 1));
  const y = -x;
  return -0.5 * y * y + Math.log(tailRatio(y));
}
