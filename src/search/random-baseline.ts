/**
 * The paper's "pure iterated random sampling" baseline (iterative importance sampling), given the same
 * oracle budget as the gradient search, so reports show what the gradient buys.
 *
 * The budget is split evenly over `rounds` rounds (the last takes the remainder). Round 1 labels points
 * drawn uniformly from the domain. Round k >= 2 labels points drawn around the elites, the
 * ceil(carryFraction * nOut) labeled points with the largest |Y - Z| so far (round-robin), displaced by a
 * Gaussian of standard deviation initialStep * roundStepFactor^(k-2) per feature and projected onto the
 * domain (a uniform draw replaces a point no projection makes feasible): the same shrinking
 * neighbourhoods the gradient search's rounds explore.
 *
 * Its output mirrors the search's: all labeled points are merged with the same tolerance and the nOut
 * with the largest errors are kept, nOut being the number of maximizers the search returned. So
 * `search.random.inRegion` compares equal-size sets bought with equal oracle rows.
 */
import type { PluginContext } from '../core/plugin.ts';
import type { Rng } from '../core/rng.ts';
import { evaluatePoints, type EvaluatedPoints } from './ascent.ts';
import type { SearchOptions } from './options.ts';
import { absErrors, concatPoints, mergePoints, selectPoints } from './points.ts';
import { gaussianMove } from './project.ts';
import type { ErrorSurface } from './surface.ts';

/** The progress task of the baseline's rounds. */
const TASK = 'random baseline';

/**
 * Runs the baseline with `budget` oracle rows and returns its `nOut` best points, largest error first.
 * Reports its rounds as progress and stops between them when `ctx.signal` is aborted.
 */
export async function randomBaseline(surface: ErrorSurface, budget: number, nOut: number, options: SearchOptions, rng: Rng, ctx: Pick<PluginContext, 'signal' | 'progress'>): Promise<EvaluatedPoints> {
  const { domain, nFeatures: d } = surface;
  const rounds = Math.max(1, Math.min(options.rounds, budget));
  const perRound = Math.floor(budget / rounds);
  let pool: EvaluatedPoints = { n: 0, x: new Float64Array(0), y: new Float64Array(0), z: new Float64Array(0) };
  for (let k = 1; k <= rounds; k++) {
    ctx.signal.throwIfAborted();
    ctx.progress.update(TASK, k - 1, rounds);
    const m = k === rounds ? budget - perRound * (rounds - 1) : perRound;
    if (m <= 0) continue;
    let x: Float64Array;
    if (k === 1 || pool.n === 0) {
      x = domain.sample(m, rng);
    } else {
      const err = absErrors(pool);
      const order = Array.from({ length: pool.n }, (_, i) => i).sort((a, b) => err[b]! - err[a]! || a - b);
      const elites = order.slice(0, Math.max(1, Math.ceil(options.carryFraction * nOut)));
      const sd = options.initialStep * options.roundStepFactor ** (k - 2);
      x = new Float64Array(m * d);
      for (let i = 0; i < m; i++) {
        const e = elites[i % elites.length]!;
        x.set(gaussianMove(domain, pool.x.subarray(e * d, e * d + d), sd, options.backtrackSteps, rng) ?? domain.sample(1, rng), i * d);
      }
    }
    pool = concatPoints(pool, await evaluatePoints(surface, x, m));
  }
  ctx.signal.throwIfAborted();
  ctx.progress.update(TASK, rounds, rounds);
  ctx.progress.finish(TASK);
  const merged = mergePoints(pool, d, options.mergeTolerance);
  return selectPoints(merged, d, Array.from({ length: Math.min(nOut, merged.n) }, (_, i) => i));
}
