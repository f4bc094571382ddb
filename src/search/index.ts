/**
 * Local error maximizer search (paper section 2): gradient ascent on E(x) = 1/2 (Y(x) - Z(x))^2 from
 * many seeds at once, iterated in cuckoo-style rounds, with an optional random-sampling baseline.
 */
import type { Box } from '../core/attack.ts';
import type { Dataset } from '../core/dataset.ts';
import type { Maximizers } from '../core/defense.ts';
import type { Domain } from '../core/domain.ts';
import type { Labeler } from '../core/labeler.ts';
import type { Model } from '../core/model.ts';
import type { PluginContext } from '../core/plugin.ts';
import type { SearchOptions } from './options.ts';

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

/** Finds local maximizers of |Y - Z| (implementation in progress). */
export async function findMaximizers(input: SearchInput, options: SearchOptions, ctx: PluginContext): Promise<SearchResult> {
  void input; void options; void ctx;
  throw new Error('findMaximizers: not implemented yet');
}
