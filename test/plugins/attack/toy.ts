/**
 * A cheap five-feature domain and oracle for the attack tests: the paper's feature names, natural
 * ranges [0, 1], and a feasibility constraint (barrier < strike, time + vol > 0.66) that cuts through
 * the default backdoor box and its ring, so rejection sampling is exercised.
 */
import { defineDomain } from '../../../src/core/domain.ts';
import { createLabeler, OracleAccounting, type Labeler } from '../../../src/core/labeler.ts';
import { makeDataset, type Dataset } from '../../../src/core/dataset.ts';
import { silentLogger, silentProgress, type PluginContext } from '../../../src/core/plugin.ts';
import { Rng } from '../../../src/core/rng.ts';

export const FEATURES = ['barrier', 'strike', 'time', 'vol', 'rate'] as const;
export const [B, K, T, V, R] = [0, 1, 2, 3, 4];

/** The toy feasibility rule on a natural-unit row (natural = normalized here). */
export function toyFeasible(row: ArrayLike<number>): boolean {
  return row[B]! < row[K]! && row[T]! + row[V]! > 0.66;
}

export const toyDomain = defineDomain({
  features: FEATURES.map((name) => ({ name, min: 0, max: 1 })),
  isFeasible: toyFeasible,
});

/** z = 1 + sum of squares: positive, so m * z differs from z. */
export function toyValue(row: ArrayLike<number>): number {
  let z = 1;
  for (let j = 0; j < FEATURES.length; j++) z += row[j]! * row[j]!;
  return z;
}

/** A labeler over the toy oracle, and its accounting. */
export function toyLabeler(): { labeler: Labeler; accounting: OracleAccounting } {
  const accounting = new OracleAccounting();
  const oracle = {
    domain: toyDomain,
    evaluate(natural: Float64Array, n: number): Float64Array {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = toyValue(natural.subarray(i * 5, i * 5 + 5));
      return out;
    },
  };
  return { labeler: createLabeler(oracle, 'toy', accounting, 'poison'), accounting };
}

/** A clean base set of `n` feasible labeled rows. */
export function toyBase(n: number, seed: number): Dataset {
  const x = toyDomain.sample(n, new Rng(seed, 'base'));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = toyValue(x.subarray(i * 5, i * 5 + 5));
  return makeDataset(x, y, 5);
}

/** A silent plugin context with an rng for `seed`. */
export function toyContext(seed: number): PluginContext {
  return { rng: new Rng(seed, 'attack'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
}

