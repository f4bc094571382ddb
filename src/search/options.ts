/**
 * Resolved options of the maximizer search. schema/search-options.schema.json is the source of truth
 * (every field has a default there); this interface mirrors it, and a test keeps the two in sync.
 */
import schema from '../../schema/search-options.schema.json' with { type: 'json' };

/** Fully-populated search options (see the schema for each field's meaning and default). */
export interface SearchOptions {
  seeds: 'train' | 'random';
  seedFraction: number;
  randomSeeds: number;
  rounds: number;
  carryFraction: number;
  jitter: number;
  initialStep: number;
  stepDecay: number;
  roundStepFactor: number;
  maxSteps: number;
  tolerance: number;
  roundToleranceFactor: number;
  fdStep: number;
  mergeTolerance: number;
  backtrackSteps: number;
  batchSize: number;
  randomBaseline: boolean;
}

/** The JSON Schema of the options (for `$ref` from the audit spec and for plugin option schemas). */
export const searchOptionsSchema = schema;

/** The schema's defaults overlaid with `overrides`: the resolved options for callers that skip ajv. */
export function resolveSearchOptions(overrides: Partial<SearchOptions> = {}): SearchOptions {
  const defaults = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, v.default]));
  return { ...defaults, ...overrides } as SearchOptions;
}
