/**
 * Oracle contract: the costly exact solver Z that labels samples. An oracle plugin declares its domain
 * and cost; `create` builds a priced instance from resolved options.
 */
import type { Domain } from './domain.ts';
import type { PluginBase, PluginContext } from './plugin.ts';

/** How expensive one label is, as declared by the plugin (`regaudit plugins --json` shows it; no budget is derived from it yet). */
export interface OracleCost {
  /** `cheap`: closed form, microseconds; `costly`: numerical (Monte Carlo, PDE), milliseconds or more. */
  readonly tier: 'cheap' | 'costly';
  /** Rough seconds per evaluated row at default options, as the plugin's authors measured it (shown, not used). */
  readonly secondsPerCall: number;
}

/** One line of `regaudit oracle <name>` output. */
export type RecordResult = { value: number; stderr?: number } | { error: string };

/** A ready-to-price oracle. */
export interface Oracle {
  readonly domain: Domain;
  /**
   * Prices `n` rows of natural-unit inputs (row-major, domain order). Called by the harness only, which
   * counts calls and seconds. Every returned value is finite; a row that cannot be priced throws an
   * `oracleInputError`.
   */
  evaluate(natural: Float64Array, n: number): Float64Array | Promise<Float64Array>;
  /** Optional analytic gradient d value / d natural input, row-major n x d. */
  gradient?(natural: Float64Array, n: number): Float64Array | Promise<Float64Array>;
}

/** An oracle plugin. */
export interface OraclePlugin<Options = Record<string, unknown>> extends PluginBase<'oracle', Options> {
  readonly cost: OracleCost;
  /** True when instances provide `gradient`; otherwise the search uses finite differences. */
  readonly hasGradient: boolean;
  /** Builds an oracle for the given resolved options. */
  create(options: Options, ctx: PluginContext): Oracle | Promise<Oracle>;
  /**
   * Prices free-form contract records for `regaudit oracle <name>` (JSON Lines), one result per record in
   * order; a bad record gets `{error}` and does not stop the others.
   */
  evaluateRecords?(records: readonly unknown[], options: Options, ctx: PluginContext): RecordResult[] | Promise<RecordResult[]>;
}

/** Defines an oracle plugin with its types checked. */
export function defineOracle<Options>(plugin: OraclePlugin<Options>): OraclePlugin<Options> {
  return plugin;
}
