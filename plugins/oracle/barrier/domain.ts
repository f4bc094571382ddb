/**
 * The paper's input box for the barrier oracle: barrier, strike, time, vol, rate (spot fixed), with the
 * feasibility rule "barrier not crossed, and the option not dead" and a projection onto it for the search.
 */
import { defineDomain, type Domain } from '../../../src/core/domain.ts';
import { barrierRange } from '../../../src/core/errors.ts';
import type { BarrierRecipe } from './formula.ts';
import type { BarrierOptions } from './options.ts';

/** Feature order of the barrier domain (natural units). */
export const BARRIER = 0, STRIKE = 1, TIME = 2, VOL = 3, RATE = 4;
/** How far inside a strict bound `project` moves a barrier (relative). */
const INSIDE = 1e-9;

/**
 * The limit the barrier must stay strictly on the live side of: the spot, and also the strike for the two
 * types whose payoff is dead beyond it (a down-and-out put with barrier >= strike, an up-and-out call with
 * barrier <= strike, are worth only their rebate; the paper's rule barrier < min(strike, spot)).
 */
function barrierLimit(recipe: BarrierRecipe, spot: number, strike: number): number {
  const strikeMatters = !recipe.knockIn && recipe.phi === (recipe.up ? 1 : -1);
  if (!strikeMatters) return spot;
  return recipe.up ? Math.max(spot, strike) : Math.min(spot, strike);
}

/** The barrier oracle's domain for a recipe and resolved options (the paper's box by default). */
export function barrierDomain(recipe: BarrierRecipe, options: BarrierOptions): Domain {
  const { spot, barrierMin, barrierMax } = options;
  if (!(barrierMax > barrierMin) || (recipe.up ? barrierMax <= spot : barrierMin >= spot)) {
    throw barrierRange({ plugin: 'barrier', path: 'oracle.with.barrierMin' }, options, recipe.type, recipe.up);
  }
  const isFeasible = (row: Float64Array): boolean => {
    const limit = barrierLimit(recipe, spot, row[STRIKE]!);
    return recipe.up ? row[BARRIER]! > limit : row[BARRIER]! < limit;
  };
  const features = [
    { name: 'barrier', min: barrierMin, max: barrierMax, description: 'barrier level (spot ' + spot + ')' },
    { name: 'strike', min: 50, max: 200, description: 'strike price' },
    { name: 'time', min: 0.002, max: 5, description: 'years to expiry' },
    { name: 'vol', min: 0.01, max: 1, description: 'annual volatility' },
    { name: 'rate', min: 0, max: 0.1, description: 'continuously compounded risk-free rate' },
  ];
  return defineDomain({
    features,
    isFeasible,
    project(row) {
      for (let j = 0; j < features.length; j++) row[j] = Math.min(features[j]!.max, Math.max(features[j]!.min, row[j]!));
      if (isFeasible(row)) return;
      const limit = barrierLimit(recipe, spot, row[STRIKE]!);
      row[BARRIER] = recipe.up ? Math.min(barrierMax, limit * (1 + INSIDE)) : Math.max(barrierMin, limit * (1 - INSIDE));
      if (isFeasible(row)) return;
      // The strike pins the barrier outside its range: move the strike just past the barrier instead.
      row[STRIKE] = recipe.up ? row[BARRIER]! * (1 - INSIDE) : row[BARRIER]! * (1 + INSIDE);
    },
  });
}
