/**
 * Labeling with progress: a training set of 200,000 rows through a Monte Carlo oracle takes minutes, so
 * the label stage prices it in chunks and reports `labeling` progress between them (bars with an ETA
 * on a terminal, periodic lines in CI) and checks the abort signal. Oracles price rows independently
 * (the bundled ones do: closed forms, or one seeded stream per contract), so chunking leaves every
 * label unchanged; `oracle.calls` counts rows either way.
 */
import { inDataSet, isOracleInputError } from '../core/errors.ts';
import type { Labeler } from '../core/labeler.ts';
import type { PluginContext } from '../core/plugin.ts';

/** Rows per oracle call while labeling a data set. */
const LABEL_CHUNK = 8192;

/**
 * Labels `n` rows of `x` (normalized, `nFeatures` per row) of the data set named `set` in chunks,
 * reporting progress. A row the oracle refuses (ORACLE_INPUT) is placed in the set (inDataSet).
 */
export async function labelWithProgress(labeler: Labeler, x: Float64Array, n: number, ctx: Pick<PluginContext, 'progress' | 'signal'>, set: string, chunk = LABEL_CHUNK): Promise<Float64Array> {
  const label = (rows: Float64Array, m: number, start: number): Promise<Float64Array> =>
    labeler.label(rows, m).catch((e: unknown) => {
      throw isOracleInputError(e) ? inDataSet(e, set, start) : e;
    });
  if (n <= chunk) return label(x, n, 0);
  const d = x.length / n;
  const y = new Float64Array(n);
  for (let start = 0; start < n; start += chunk) {
    ctx.signal.throwIfAborted();
    const m = Math.min(chunk, n - start);
    y.set(await label(x.subarray(start * d, (start + m) * d), m, start), start);
    ctx.progress.update('labeling', start + m, n);
  }
  ctx.progress.finish('labeling');
  return y;
}
