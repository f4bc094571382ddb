/**
 * The input space of an oracle: named features with natural-unit ranges, a feasibility constraint and
 * min-max normalization. Models and attacks work on normalized features in [0, 1] in the domain's feature
 * order; oracles price natural units. Rows are row-major in Float64Array with `features.length` columns.
 */
import type { Rng } from './rng.ts';

/** One input feature with its natural-unit range. */
export interface Feature {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Unit or meaning for reports, e.g. `years`. */
  readonly description?: string;
}

/** What an oracle plugin declares about its input space. */
export interface DomainDefinition {
  readonly features: readonly Feature[];
  /** True when a row in natural units can be priced. Defaults to always feasible. */
  readonly isFeasible?: (row: Float64Array) => boolean;
  /**
   * Moves an infeasible natural-unit row (in place) to a nearby feasible one, already clipped to the
   * ranges. Used by the maximizer search's projection. Optional: without it the search backtracks.
   */
  readonly project?: (row: Float64Array) => void;
}

/** A domain with the derived operations every stage uses. */
export interface Domain extends DomainDefinition {
  readonly nFeatures: number;
  readonly featureNames: readonly string[];
  /** Index of a feature by name, or -1. */
  indexOf(name: string): number;
  /** Natural units -> [0, 1], row-major, into a new array. */
  normalize(natural: Float64Array): Float64Array;
  /** [0, 1] -> natural units, row-major, into a new array. */
  denormalize(normalized: Float64Array): Float64Array;
  /** True when a normalized row is inside the unit box and feasible. */
  isFeasibleNormalized(row: Float64Array): boolean;
  /** `n` feasible rows drawn uniformly (rejection sampling), in normalized units; throws when (almost) no row is feasible. */
  sample(n: number, rng: Rng): Float64Array;
}

/**
 * How many draws rejection sampling of `n` rows may take before it gives up (an acceptance rate under
 * 0.1%) rather than loop forever on an (almost) empty feasible region: Domain.sample and the attacks'
 * region sampling.
 */
export function maxRejectionDraws(n: number): number {
  return 100_000 + 1_000 * n;
}

/** Builds a Domain from its definition. */
export function defineDomain(def: DomainDefinition): Domain {
  const d = def.features.length;
  const mins = Float64Array.from(def.features, (f) => f.min);
  const spans = Float64Array.from(def.features, (f) => f.max - f.min);
  for (const f of def.features) {
    if (!(f.max > f.min)) throw new Error(`feature ${f.name}: max must exceed min`);
  }
  const feasible = def.isFeasible ?? (() => true);
  const scratch = new Float64Array(d);

  const toNatural = (row: Float64Array, offset: number, out: Float64Array): void => {
    for (let j = 0; j < d; j++) out[j] = mins[j]! + spans[j]! * row[offset + j]!;
  };

  return {
    ...def,
    nFeatures: d,
    featureNames: def.features.map((f) => f.name),
    indexOf: (name) => def.features.findIndex((f) => f.name === name),
    normalize(natural) {
      const out = new Float64Array(natural.length);
      for (let i = 0; i < natural.length; i++) out[i] = (natural[i]! - mins[i % d]!) / spans[i % d]!;
      return out;
    },
    denormalize(normalized) {
      const out = new Float64Array(normalized.length);
      for (let i = 0; i < normalized.length; i++) out[i] = mins[i % d]! + spans[i % d]! * normalized[i]!;
      return out;
    },
    isFeasibleNormalized(row) {
      for (let j = 0; j < d; j++) if (!(row[j]! >= 0 && row[j]! <= 1)) return false;
      toNatural(row, 0, scratch);
      return feasible(scratch);
    },
    sample(n, rng) {
      const out = new Float64Array(n * d);
      const row = new Float64Array(d);
      const maxDraws = maxRejectionDraws(n);
      for (let i = 0, draws = 0; i < n; ) {
        if (++draws > maxDraws) throw new Error(`the domain's feasible region is (almost) empty: only ${i} of ${n} rows were feasible after ${maxDraws} uniform draws; check the oracle's isFeasible and its feature ranges.`);
        for (let j = 0; j < d; j++) row[j] = rng.next();
        toNatural(row, 0, scratch);
        if (!feasible(scratch)) continue;
        out.set(row, i * d);
        i++;
      }
      return out;
    },
  };
}
