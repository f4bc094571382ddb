/**
 * Projection of ascent moves onto the feasible domain: clip to the unit box, then the domain's own
 * `project` (in natural units) when it has one; otherwise, or if that still leaves the row infeasible,
 * backtrack towards the (feasible) starting row by halving the move.
 */
import type { Domain } from '../core/domain.ts';
import type { Rng } from '../core/rng.ts';

/** Clips every value of `row` to [0, 1] in place. */
function clipUnit(row: Float64Array): void {
  for (let j = 0; j < row.length; j++) row[j] = Math.min(1, Math.max(0, row[j]!));
}

/**
 * A feasible row near `to`, reached from the feasible row `from`, or undefined when `backtrackSteps`
 * halvings of the move found none (the ascent then stays at `from`). Does not modify its arguments.
 */
export function projectMove(domain: Domain, from: Float64Array, to: Float64Array, backtrackSteps: number): Float64Array | undefined {
  const target = Float64Array.from(to);
  clipUnit(target);
  if (domain.isFeasibleNormalized(target)) return target;
  if (domain.project) {
    const natural = domain.denormalize(target);
    domain.project(natural);
    const projected = domain.normalize(natural);
    clipUnit(projected);
    if (domain.isFeasibleNormalized(projected)) return projected;
  }
  const candidate = new Float64Array(from.length);
  let t = 1;
  for (let s = 0; s < backtrackSteps; s++) {
    t /= 2;
    for (let j = 0; j < from.length; j++) candidate[j] = from[j]! + t * (target[j]! - from[j]!);
    if (domain.isFeasibleNormalized(candidate)) return candidate;
  }
  return undefined;
}

/**
 * `from` displaced by N(0, sd^2) per feature (d normal draws from `rng`, in feature order) and projected
 * with projectMove: a feasible row near the displaced one, or undefined when none was found.
 */
export function gaussianMove(domain: Domain, from: Float64Array, sd: number, backtrackSteps: number, rng: Rng): Float64Array | undefined {
  const to = new Float64Array(from.length);
  for (let j = 0; j < from.length; j++) to[j] = from[j]! + sd * rng.normal();
  return projectMove(domain, from, to, backtrackSteps);
}
