import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditReport, RunReport } from '../../src/core/report.ts';
import { evaluateGates, type GateSpec } from '../../src/engine/gates.ts';
import type { Gate } from '../../src/spec/types.generated.ts';
import { rateOf, suspectCounts } from '../../src/engine/metrics.ts';
import { canonicalJson, stageKey } from '../../src/engine/stage-key.ts';

const run = (id: string, metrics: Record<string, number>, params: Record<string, unknown> = {}, status: RunReport['status'] = 'ok'): RunReport => ({ id, index: Number(id.slice(4)), params, status, metrics, seconds: 0 });

// A misspelled bound is a type error for library callers (scripts/gen-types.ts keeps the generated type
// closed). Checked by the type check that `npm test` runs first: were either field accepted, the
// directive above it would be unused, which is an error.
export const misspelledGates = [
  // @ts-expect-error `minimum` is not a GateSpec field
  { metric: 'clean.mse', minimum: 1 } satisfies GateSpec,
  // @ts-expect-error `mxa` is not a Gate field either
  { metric: 'clean.mse', mxa: 0.1 } satisfies Gate,
];

describe('gates', () => {
  it('checks min and max per run and restricts by where', () => {
    const runs = [run('run-0', { 'clean.mse': 0.1 }, { 'attack.nAttack': 0 }), run('run-1', { 'clean.mse': 0.3 }, { 'attack.nAttack': 10 })];
    const res = evaluateGates([{ metric: 'clean.mse', min: 0.05, max: 0.2 }, { metric: 'clean.mse', max: 0.2, where: { 'attack.nAttack': 10 } }], runs);
    expect(res.map((g) => [g.run, g.pass])).toEqual([['run-0', true], ['run-1', false], ['run-1', false]]);
    expect(res[1]!.message).toContain('0.3 is above the maximum 0.2');
  });

  it('fails a gate on an errored run or a missing metric, with value null', () => {
    const res = evaluateGates([{ metric: 'clean.mse', max: 1 }], [run('run-0', {}, {}, 'errored'), run('run-1', { 'train.mse': 1 })]);
    expect(res.map((g) => [g.value, g.pass])).toEqual([[null, false], [null, false]]);
    expect(res[1]!.message).toContain('does not report clean.mse');
    expect(res[1]!.message).not.toContain('repeats');
  });

  it('says when a missing metric was reported by only some repeats', () => {
    const stats = { 'clean.mse': { n: 3, mean: 1, std: 0, lo: 1, hi: 1, values: [1, 1, 1], method: 't' as const } };
    const partial = { ...run('run-0', { 'clean.mse': 1 }), stats, partial: { 'defense.p.precision': 2 } };
    const [res] = evaluateGates([{ metric: 'defense.p.precision', min: 0.5 }], [partial]);
    expect(res!.pass).toBe(false);
    expect(res!.message).toContain('does not report defense.p.precision: only 2 of its 3 repeats reported it');
  });

  it('bounds relative change against the baseline run with the same id', () => {
    const baseline = { runs: [run('run-0', { 'clean.mse': 0.1 })] } as unknown as AuditReport;
    const res = evaluateGates([{ metric: 'clean.mse', maxIncrease: 0.05 }], [run('run-0', { 'clean.mse': 0.104 })], baseline);
    expect(res[0]).toMatchObject({ pass: true, baseline: 0.1 });
    const worse = evaluateGates([{ metric: 'clean.mse', maxIncrease: 0.05 }, { metric: 'clean.mse', maxDecrease: 0.01 }], [run('run-0', { 'clean.mse': 0.11 })], baseline);
    expect(worse.map((g) => g.pass)).toEqual([false, true]);
    expect(worse[0]!.message).toContain('rose 10%');
    // a baseline of 0: any rise is unbounded (Infinity), and the reporters show its change as n/a
    const fromZero = evaluateGates([{ metric: 'clean.mse', maxIncrease: 0.05 }], [run('run-0', { 'clean.mse': 0.01 })], { runs: [run('run-0', { 'clean.mse': 0 })] } as unknown as AuditReport);
    expect(fromZero[0]!.pass).toBe(false);
    expect(fromZero[0]!.message).toBe("clean.mse rose from the baseline's 0 (an unbounded relative change; allowed 5%)");
    // a negative baseline value: the relative change would flip direction, so the gate fails and says why
    const negative = evaluateGates([{ metric: 'defense.p.score', maxIncrease: 0.05 }], [run('run-0', { 'defense.p.score': -0.07 })], { runs: [run('run-0', { 'defense.p.score': -0.02 })] } as unknown as AuditReport);
    expect(negative[0]).toMatchObject({ pass: false, message: expect.stringContaining('negative in the baseline (-0.02)') });
    expect(evaluateGates([{ metric: 'clean.mse', maxIncrease: 0.05 }], [run('run-0', { 'clean.mse': 0.1 })])[0]).toMatchObject({ pass: false, baseline: null });
  });
});

describe('stage keys', () => {
  it('ignore key order but not values (fast-check: different options never share a key)', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    const opts = fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string({ maxLength: 3 }), fc.boolean()), { maxKeys: 4 });
    fc.assert(
      fc.property(opts, opts, (a, b) => {
        const ka = stageKey({ stage: 'fit', plugin: { name: 'm', version: '1', options: a }, inputs: ['x'], seed: 1 });
        const kb = stageKey({ stage: 'fit', plugin: { name: 'm', version: '1', options: b }, inputs: ['x'], seed: 1 });
        expect(ka === kb).toBe(canonicalJson(a) === canonicalJson(b));
      }),
    );
    const k = (p: Partial<Parameters<typeof stageKey>[0]>) => stageKey({ stage: 'fit', inputs: ['x'], seed: 1, ...p });
    expect(new Set([k({}), k({ seed: 2 }), k({ inputs: ['y'] }), k({ stage: 'search' }), k({ plugin: { name: 'm', version: '2', options: {} } })]).size).toBe(5);
  });
});

describe('suspectCounts', () => {
  const scoreSuspects = (suspects: Uint32Array, truth: Parameters<typeof suspectCounts>[1]) => {
    const c = suspectCounts(suspects, truth);
    return { tpr: rateOf(c.tpr), fpr: rateOf(c.fpr), precision: rateOf(c.precision) };
  };

  it('counts mislabeled rows in Q against all mislabeled, and clean rows against non-attack rows', () => {
    const truth = { mislabeled: Uint8Array.from([0, 0, 0, 0, 1, 1, 0]), planted: Uint8Array.from([0, 0, 0, 0, 0, 0, 1]) };
    expect(scoreSuspects(Uint32Array.from([0, 4, 6]), truth)).toEqual({ tpr: 0.5, fpr: 0.25, precision: 1 / 3 });
    // No suspects: no precision to speak of; nothing mislabeled: no TPR (NaN, left out of the report).
    expect(scoreSuspects(new Uint32Array(0), truth)).toEqual({ tpr: 0, fpr: 0, precision: NaN });
    const control = { mislabeled: new Uint8Array(7), planted: new Uint8Array(7) };
    expect(scoreSuspects(Uint32Array.from([0]), control)).toEqual({ tpr: NaN, fpr: 1 / 7, precision: 0 });
  });
});
