/**
 * The harness's single door to an oracle: labels normalized rows and accounts for every call
 * (rows and seconds, per stage) so reports carry `oracle.calls` and `oracle.seconds`.
 */
import type { Domain } from './domain.ts';
import { pluginFailure } from './errors.ts';
import type { Oracle } from './oracle.ts';

/** Oracle calls and seconds spent, per stage. */
export class OracleAccounting {
  private readonly byStage = new Map<string, { calls: number; seconds: number }>();

  /** Adds `calls` rows priced in `seconds` to `stage`. */
  add(stage: string, calls: number, seconds: number): void {
    const s = this.byStage.get(stage) ?? { calls: 0, seconds: 0 };
    s.calls += calls;
    s.seconds += seconds;
    this.byStage.set(stage, s);
  }

  /** Totals over all stages. */
  total(): { calls: number; seconds: number } {
    let calls = 0, seconds = 0;
    for (const s of this.byStage.values()) {
      calls += s.calls;
      seconds += s.seconds;
    }
    return { calls, seconds };
  }

  /** Per-stage figures, sorted by stage name. */
  stages(): Record<string, { calls: number; seconds: number }> {
    return Object.fromEntries([...this.byStage.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Labels normalized inputs with the oracle; what attacks, searches and defenses use. */
export interface Labeler {
  readonly domain: Domain;
  /** Oracle values of `n` normalized rows, counted against the labeler's stage. */
  label(normalized: Float64Array, n: number): Promise<Float64Array>;
  /** Analytic oracle gradient w.r.t. normalized inputs when the oracle has one, else undefined. */
  readonly gradient?: (normalized: Float64Array, n: number) => Promise<Float64Array>;
}

/** Checks that `values` has `n` finite numbers; otherwise a PLUGIN_FAILED error naming plugin and stage. */
export function checkFinite(values: Float64Array, n: number, what: string, origin: { plugin?: string; stage: string }): Float64Array {
  if (values.length !== n) throw pluginFailure(origin, `${what}: got ${values.length} values for ${n} rows`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) throw pluginFailure(origin, `${what}: non-finite value ${values[i]} at row ${i}`);
  }
  return values;
}

/** Builds the labeler for `oracle`, booking calls to `stage` in `accounting`. */
export function createLabeler(oracle: Oracle, pluginName: string, accounting: OracleAccounting, stage: string): Labeler {
  const { domain } = oracle;
  const spans = domain.features.map((f) => f.max - f.min);
  const label = async (normalized: Float64Array, n: number): Promise<Float64Array> => {
    if (n === 0) return new Float64Array(0);
    const start = performance.now();
    const values = checkFinite(await oracle.evaluate(domain.denormalize(normalized), n), n, 'oracle values', { plugin: pluginName, stage });
    accounting.add(stage, n, (performance.now() - start) / 1000);
    return values;
  };
  const gradient = oracle.gradient
    ? async (normalized: Float64Array, n: number): Promise<Float64Array> => {
        const start = performance.now();
        const g = await oracle.gradient!(domain.denormalize(normalized), n);
        // chain rule: d/dx_norm = d/dx_nat * span
        for (let i = 0; i < g.length; i++) g[i]! *= spans[i % spans.length]!;
        accounting.add(stage, n, (performance.now() - start) / 1000);
        return g;
      }
    : undefined;
  return { domain, label, gradient };
}
