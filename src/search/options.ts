/**
 * Resolved options of the maximizer search. schema/search-options.schema.json is the source of truth
 * (every field has a default there); the type is generated from it (src/spec/types.generated.ts).
 */
import { searchOptionsSchema } from '../spec/schemas.ts';
import type { SearchOptions as SearchOptionsInput } from '../spec/types.generated.ts';

/** Fully-populated search options: the spec's `search` with every default filled (see the schema). */
export type SearchOptions = Required<SearchOptionsInput>;

/** The JSON Schema of the options (for `$ref` from the audit spec and for plugin option schemas). */
export { searchOptionsSchema };

/** The schema's defaults overlaid with `overrides`: the resolved options for callers that skip ajv. */
export function resolveSearchOptions(overrides: Partial<SearchOptions> = {}): SearchOptions {
  const properties = searchOptionsSchema.properties as Record<string, { default: unknown }>;
  const defaults = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.default]));
  return { ...defaults, ...overrides } as SearchOptions;
}
