import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import himalaya from '../../../../plugins/oracle/himalaya/index.ts';
import { silentLogger, silentProgress, type PluginContext } from '../../../../src/core/plugin.ts';
import { Rng } from '../../../../src/core/rng.ts';

const ctx: PluginContext = { rng: new Rng(1, 'test'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
/** QuantLib 1.29 MCPRHimalayaEngine estimates (300,000 paths), made by reference/quantlib_himalaya_reference.py. */
const reference = JSON.parse(readFileSync(new URL('./reference/quantlib-himalaya.json', import.meta.url), 'utf8')) as {
  rows: { spots: number[]; vols: number[]; dividends: number[]; correlation: number[][]; rate: number; strike: number; fixings: number[]; quantlib: number; quantlibStderr: number }[];
};

describe('himalaya oracle vs QuantLib MCHimalayaEngine (an independent Monte Carlo)', () => {
  it('agrees within 4 combined standard errors on three baskets (4 assets/4 fixings, 3/2, 2 assets/3 fixings)', async () => {
    const records = reference.rows.map((row) => ({
      spots: row.spots, vols: row.vols, dividends: row.dividends, correlation: row.correlation, rate: row.rate, strike: row.strike, fixings: row.fixings,
    }));
    expect(reference.rows).toHaveLength(3);
    const ours = await himalaya.evaluateRecords!(records, { paths: 100_000, seed: 11, antithetic: true }, ctx);
    reference.rows.forEach((row, i) => {
      const r = ours[i]!;
      if ('error' in r) throw new Error(r.error);
      expect(Math.abs(r.value - row.quantlib), `basket ${i}`).toBeLessThan(4 * Math.hypot(r.stderr!, row.quantlibStderr));
    });
  });
});
