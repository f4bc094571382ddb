import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import barrier from '../../../../plugins/oracle/barrier/index.ts';
import { BARRIER_TYPES } from '../../../../plugins/oracle/barrier/formula.ts';
import type { BarrierOptions } from '../../../../plugins/oracle/barrier/options.ts';
import { isRegauditError } from '../../../../src/core/errors.ts';
import { optionsWithDefaults } from '../../../../src/spec/ajv.ts';
import { silentLogger, silentProgress, type PluginContext } from '../../../../src/core/plugin.ts';
import { Rng } from '../../../../src/core/rng.ts';

const ctx: PluginContext = { rng: new Rng(1, 'test'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
const resolve = (raw: Record<string, unknown> = {}): BarrierOptions => optionsWithDefaults(barrier.optionsSchema, raw);

describe('barrier plugin', () => {
  it('schema defaults fill every field of BarrierOptions (the paper\'s contract); the type enum is the formula\'s', () => {
    expect(resolve()).toEqual({ type: 'down-out-put', spot: 100, rebate: 0, dividend: 0, barrierMin: 10, barrierMax: 100 });
    const properties = barrier.optionsSchema.properties as Record<string, { enum?: string[] }>;
    expect([...properties.type!.enum!].sort()).toEqual([...BARRIER_TYPES].sort());
  });

  it('has the paper\'s domain: barrier, strike, time, vol, rate, feasible when barrier < min(strike, spot)', async () => {
    const oracle = await barrier.create(resolve(), ctx);
    const { domain } = oracle;
    expect(domain.featureNames).toEqual(['barrier', 'strike', 'time', 'vol', 'rate']);
    expect(domain.features.map((f) => [f.min, f.max])).toEqual([[10, 100], [50, 200], [0.002, 5], [0.01, 1], [0, 0.1]]);
    const rows = domain.denormalize(domain.sample(2000, new Rng(3, 'sample')));
    for (let i = 0; i < 2000; i++) expect(rows[i * 5]!).toBeLessThan(Math.min(rows[i * 5 + 1]!, 100));
    const values = await oracle.evaluate(rows, 2000);
    expect(values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });

  it('project moves any row of the box to a feasible one with the barrier just below min(strike, spot)', async () => {
    const { domain } = await barrier.create(resolve(), ctx);
    fc.assert(fc.property(fc.array(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { minLength: 5, maxLength: 5 }), (u) => {
      const row = domain.denormalize(Float64Array.from(u));
      const before = Float64Array.from(row);
      domain.project!(row);
      const feasible = domain.isFeasibleNormalized(domain.normalize(row));
      const strike = row[1]!, limit = Math.min(strike, 100);
      const clippedBarrier = Math.min(100, Math.max(10, before[0]!));
      // the barrier only moves when it had to, and then to just below the limit
      const barrierOk = clippedBarrier < limit ? row[0] === clippedBarrier : Math.abs(row[0]! - limit) <= 1e-6 * limit;
      return feasible && barrierOk;
    }));
  });

  it('evaluate throws a clear input error for a knocked row', async () => {
    const oracle = await barrier.create(resolve(), ctx);
    const rows = Float64Array.from([80, 110, 1, 0.2, 0.05, /* knocked: */ 100, 110, 1, 0.2, 0.05]);
    try {
      await oracle.evaluate(rows, 2);
      expect.unreachable();
    } catch (e) {
      expect(isRegauditError(e)).toBe(true);
      expect((e as Error).message).toMatch(/row 1: down-out-put: barrier 100 is at or above the spot 100/);
    }
  });

  it('refuses a barrier range with no live contract', () => {
    expect(() => barrier.create(resolve({ type: 'up-out-call' }), ctx)).toThrow(/leaves no live up-out-call/);
  });

  it('prices records one by one, bad ones get an error and do not stop the others', async () => {
    const results = await barrier.evaluateRecords!([
      { type: 'down-out-put', spot: 100, strike: 110, barrier: 80, rate: 0.05, vol: 0.3, time: 1 },
      { type: 'down-out-put', spot: 100, strike: 110, barrier: 100, rate: 0.05, vol: 0.3, time: 1 },
      { type: 'sideways-put', spot: 100, strike: 110, barrier: 80, rate: 0.05, vol: 0.3, time: 1 },
      { type: 'up-in-call', spot: 100, strike: 110, barrier: 120, rate: 0.05, vol: 0.3, time: 1, dividend: 0.02, rebate: 1 },
      { type: 'down-out-put', spot: 100, strike: 110, barrier: 80, rate: 0.05, volatility: 0.3, time: 1 },
      { type: 'down-out-put', spot: 100, strike: 110, barrier: 80, rate: 0.05, time: 1 },
      [1, 2],
      { type: 'down-out-pt', spot: 100, strike: 110, barrier: 80, rate: 0.05, vol: 0.3, time: 1 },
      { spot: 100, strike: 110, barrier: 80, rate: 0.05, vol: 0.3, time: 1 },
    ], resolve(), ctx);
    expect(results[0]).toEqual({ value: expect.any(Number) });
    expect(results[1]).toEqual({ error: expect.stringMatching(/already knocked out/) });
    expect(results[2]).toEqual({ error: expect.stringMatching(/"type" must be one of/) });
    expect(results[3]).toEqual({ value: expect.any(Number) });
    expect(results[4]).toEqual({ error: expect.stringMatching(/unknown field "volatility" \(expected: .*\)\. Did you mean `vol`\?$/) });
    expect(results[5]).toEqual({ error: expect.stringMatching(/"vol" must be a finite number \(missing\)/) });
    expect(results[6]).toEqual({ error: 'expected a JSON object' });
    expect(results[7]).toEqual({ error: expect.stringMatching(/^"type" must be one of down-in-call, .*, up-out-put\. Did you mean `down-out-put`\?$/) });
    expect(results[8]).toEqual({ error: expect.stringMatching(/^"type" must be one of .*up-out-put \(missing\)$/) });
    expect(results[2]).toEqual({ error: expect.stringMatching(/up-out-put$/) }); // no near miss, no guess
  });
});
