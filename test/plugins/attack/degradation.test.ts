import { describe, expect, it } from 'vitest';
import attack from '../../../plugins/attack/degradation/index.ts';
import type { DegradationOptions } from '../../../plugins/attack/degradation/options.ts';
import { B, K, T, V, toyBase, toyContext, toyDomain, toyFeasible, toyLabeler, toyValue } from './toy.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

const options = (user: Record<string, unknown> = {}): DegradationOptions => optionsWithDefaults(attack.optionsSchema, user);

describe('degradation', () => {
  it('resolves to its defaults and scales nSamples', () => {
    expect(options()).toEqual({
      nSamples: 20000,
      order: { lower: 'barrier', upper: 'strike', min: 0.9, max: 1 },
      region: [{ feature: 'time', center: 0.5, width: 0.1 }, { feature: 'vol', center: 0.2, width: 0.1 }, { feature: 'rate', center: 0.5, width: 0.1 }],
    } satisfies Record<keyof DegradationOptions, unknown>);
    expect(attack.scaledOptions).toEqual(['nSamples']);
  });

  it('appends correctly labeled, feasible rows concentrated in the region, all planted, none mislabeled', async () => {
    const { labeler } = toyLabeler();
    const train = toyBase(100, 3);
    const user = { nSamples: 250, order: null, region: [{ feature: 'time', center: 0.6, width: 0.2 }, { feature: 'vol', center: 0.3, width: 0.05 }] };
    const result = await attack.poison({ train, domain: toyDomain, labeler }, options(user), toyContext(3));
    expect(result.train.n).toBe(350);
    expect(result.train.x.subarray(0, 500)).toEqual(train.x);
    expect(result.train.y.subarray(0, 100)).toEqual(train.y);
    expect(result.truth.mislabeled.every((v) => v === 0)).toBe(true);
    expect([...result.truth.planted]).toEqual([...Array(100).fill(0), ...Array(250).fill(1)]);
    let barrierAbove09 = 0;
    for (let i = 100; i < 350; i++) {
      const x = result.train.x.subarray(i * 5, i * 5 + 5);
      expect(toyFeasible(x) && Math.abs(x[T]! - 0.6) <= 0.1 + 1e-12 && Math.abs(x[V]! - 0.3) <= 0.025 + 1e-12).toBe(true);
      expect(result.train.y[i]).toBe(toyValue(x));
      if (x[B]! > 0.9 && x[K]! > 0.9) barrierAbove09++;
    }
    // without an order rule, barrier and strike stay spread over the feasible triangle
    expect(barrierAbove09).toBeLessThan(25);
    expect(result.attackTest.n).toBe(0);
    expect(result.target).toBeUndefined();
    expect(result.region!.lower[T]).toBeCloseTo(0.5, 12);
    expect(result.region!.upper[V]).toBeCloseTo(0.325, 12);
  });

  it('rejects an unknown region feature with a did-you-mean', () => {
    expect(() => attack.checkDomain!(options({ region: [{ feature: 'tme', center: 0.5 }] }), toyDomain)).toThrow(/attack\.with\.region\.0\.feature.*Did you mean `time`/);
  });
});
