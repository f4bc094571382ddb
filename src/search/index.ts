/**
 * Local error maximizer search (paper section 2): gradient ascent on E(x) = 1/2 (Y(x) - Z(x))^2 from
 * many seeds at once, iterated in cuckoo-style rounds, with an optional random-sampling baseline.
 *
 * Round 1 climbs from the seeds (see seeds.ts) with `initialStep` and `tolerance`. Round k+1 restarts
 * from the ceil(carryFraction * M) current maximizers with the largest errors, each displaced by a
 * Gaussian of `jitter` times the round's step, with step and tolerance shrunk by `roundStepFactor` and
 * `roundToleranceFactor`. A restart that ends within one round step of its parent is a refinement and
 * replaces the parent if its error is larger (else it is dropped); one that ends farther away found
 * another maximizer and joins the set. After every round identical maximizers are merged.
 */
import type { Box } from '../core/attack.ts';
import type { Dataset } from '../core/dataset.ts';
import type { Maximizers } from '../core/defense.ts';
import type { Domain } from '../core/domain.ts';
import type { Labeler } from '../core/labeler.ts';
import type { Model } from '../core/model.ts';
import type { PluginContext } from '../core/plugin.ts';
import type { Rng } from '../core/rng.ts';
import { ascend, evaluatePoints, roundSchedule, type EvaluatedPoints } from './ascent.ts';
import type { SearchOptions } from './options.ts';
import { absErrors, concatPoints, mergePoints, selectPoints } from './points.ts';
import { gaussianMove } from './project.ts';
import { randomBaseline } from './random-baseline.ts';
import { countInBox } from './region.ts';
import { randomSeeds, trainSeeds } from './seeds.ts';
import { ErrorSurface, squaredError } from './surface.ts';

export type { SearchOptions } from './options.ts';
export { resolveSearchOptions, searchOptionsSchema } from './options.ts';

/** What the search works on. */
export interface SearchInput {
  readonly model: Model;
  readonly labeler: Labeler;
  readonly domain: Domain;
  /** The training set as the defender has it; seeds come from it when options.seeds === 'train'. */
  readonly train?: Dataset;
  /** The attack's backdoor region (normalized), for `search.inRegion`. */
  readonly region?: Box;
}

/** The maximizers found and `search.*` metrics. */
export interface SearchResult {
  readonly maximizers: Maximizers;
  readonly metrics: Record<string, number>;
}

/**
 * Finds local maximizers of |Y - Z|, merged and sorted by error (largest first). Deterministic given
 * ctx.rng; every oracle row it spends is in `maximizers.oracleCalls` and `search.oracleCalls` (the random
 * baseline's rows, spent only with `randomBaseline` and a region, are not).
 */
export async function findMaximizers(input: SearchInput, options: SearchOptions, ctx: PluginContext): Promise<SearchResult> {
  const started = performance.now();
  const { domain } = input;
  const d = domain.nFeatures;
  const surface = new ErrorSurface(input.model, input.labeler, domain, options.fdStep, options.batchSize);
  const rng = ctx.rng.fork('search');

  const seeds = input.train && options.seeds === 'train'
    ? await trainSeeds(surface, input.train, options.seedFraction)
    : randomSeeds(domain, options.randomSeeds, rng.fork('seeds'));
  ctx.log.debug(`search: ${seeds.n} seeds (${input.train && options.seeds === 'train' ? 'training set' : 'random'})`);

  const start = await evaluatePoints(surface, seeds.x, seeds.n);
  let pool = mergePoints(await ascend(surface, start, roundSchedule(options, 1), ctx, 'search round 1'), d, options.mergeTolerance);

  for (let round = 2; round <= options.rounds && pool.n > 0; round++) {
    const schedule = roundSchedule(options, round);
    const parents = Array.from({ length: Math.ceil(options.carryFraction * pool.n) }, (_, i) => i);
    const starts = jitter(domain, selectPoints(pool, d, parents).x, parents.length, options.jitter * schedule.step, options.backtrackSteps, rng.fork('jitter', round));
    const children = await ascend(surface, await evaluatePoints(surface, starts, parents.length), schedule, ctx, `search round ${round}`);
    pool = mergePoints(adopt(pool, children, d, schedule.step), d, options.mergeTolerance);
  }

  const maximizers: Maximizers = { n: pool.n, nFeatures: d, x: pool.x, z: pool.z, y: pool.y, absError: absErrors(pool), oracleCalls: surface.oracleCalls };
  const metrics: Record<string, number> = {
    'search.maximizers': pool.n,
    'search.oracleCalls': surface.oracleCalls,
  };
  if (input.region) {
    metrics['search.inRegion'] = countInBox(pool.x, pool.n, d, input.region);
    if (options.randomBaseline) {
      const baselineSurface = new ErrorSurface(input.model, input.labeler, domain, options.fdStep, options.batchSize);
      const random = await randomBaseline(baselineSurface, surface.oracleCalls, pool.n, options, rng.fork('random'), ctx);
      metrics['search.random.inRegion'] = countInBox(random.x, random.n, d, input.region);
    }
  } else if (options.randomBaseline) {
    ctx.log.warn('search: randomBaseline needs a region (an attack) to compare against; skipped');
  }
  metrics['search.seconds'] = (performance.now() - started) / 1000;
  return { maximizers, metrics };
}

/** Each of the `n` rows of `x` displaced by N(0, sd^2) per feature and projected (the row itself if that fails). */
function jitter(domain: Domain, x: Float64Array, n: number, sd: number, backtrackSteps: number, rng: Rng): Float64Array {
  const d = domain.nFeatures;
  const out = Float64Array.from(x);
  if (sd === 0) return out;
  for (let i = 0; i < n; i++) {
    const p = gaussianMove(domain, x.subarray(i * d, i * d + d), sd, backtrackSteps, rng);
    if (p) out.set(p, i * d);
  }
  return out;
}

/**
 * The pool after a round: child i (restarted from pool row i) replaces its parent when it ended within
 * `radius` of it with a larger error; a child that ended farther away is a new maximizer and is added.
 */
function adopt(pool: EvaluatedPoints, children: EvaluatedPoints, d: number, radius: number): EvaluatedPoints {
  const x = Float64Array.from(pool.x), y = Float64Array.from(pool.y), z = Float64Array.from(pool.z);
  const added: number[] = [];
  for (let i = 0; i < children.n; i++) {
    let dist = 0;
    for (let j = 0; j < d; j++) dist = Math.max(dist, Math.abs(children.x[i * d + j]! - pool.x[i * d + j]!));
    if (dist > radius) {
      added.push(i);
    } else if (squaredError(children.y[i]!, children.z[i]!) > squaredError(pool.y[i]!, pool.z[i]!)) {
      x.set(children.x.subarray(i * d, i * d + d), i * d);
      y[i] = children.y[i]!;
      z[i] = children.z[i]!;
    }
  }
  return concatPoints({ n: pool.n, x, y, z }, selectPoints(children, d, added));
}
