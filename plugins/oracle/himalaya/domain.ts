/**
 * A 5-feature domain for auditing a model of the Himalaya oracle like the barrier one: a 3-asset basket
 * (spots 100, no dividends) with a common volatility and a common pairwise correlation, 3 fixings evenly
 * spaced to maturity. Every point of the box is a valid contract (correlation > -1/2 keeps it positive
 * definite for 3 assets).
 */
import { defineDomain, type Domain } from '../../../src/core/domain.ts';

/** Feature order of the himalaya domain. */
export const STRIKE = 0, VOL = 1, CORRELATION = 2, MATURITY = 3, RATE = 4;
/** Assets in the audited basket. */
export const BASKET_ASSETS = 3;
/** Spot of every asset of the audited basket. */
export const BASKET_SPOT = 100;

/** The himalaya oracle's domain. */
export const himalayaDomain: Domain = defineDomain({
  features: [
    { name: 'strike', min: 80, max: 120, description: 'strike on the average of the picked prices' },
    { name: 'vol', min: 0.1, max: 0.5, description: 'annual volatility of every asset' },
    { name: 'correlation', min: -0.3, max: 0.9, description: 'pairwise correlation of every pair of assets' },
    { name: 'maturity', min: 0.25, max: 3, description: 'years to the last of 3 evenly spaced fixings' },
    { name: 'rate', min: 0, max: 0.1, description: 'continuously compounded risk-free rate' },
  ],
});
