import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { keyedOrder } from '../../src/tf/keyed-order.ts';

const order = (seed: number, n: number) => Array.from(keyedOrder(new Rng(seed, 'shuffle'), n, new Uint32Array(n)));

describe('keyedOrder', () => {
  it('is a permutation, and appended rows leave the relative order of the first m rows unchanged (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), (seed, m, extra) => {
      const full = order(seed, m + extra);
      expect([...full].sort((a, b) => a - b)).toEqual(Array.from({ length: m + extra }, (_, i) => i));
      expect(full.filter((i) => i < m)).toEqual(order(seed, m));
    }));
  });

  it('differs between salts and is not the identity', () => {
    const a = order(1, 1000), b = order(2, 1000);
    expect(a).not.toEqual(b);
    expect(a.filter((v, i) => v === i).length).toBeLessThan(20);
  });
});
