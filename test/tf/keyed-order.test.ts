import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { keyedOrder, pairedBatches } from '../../src/tf/keyed-order.ts';

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

describe('pairedBatches', () => {
  it('keeps the shared rows in the paired fit’s batches and spreads the others over them (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 40 }), (seed, m, extra, batch) => {
      const n = m + extra;
      const out = new Uint32Array(n);
      const cuts = pairedBatches(new Rng(seed, 'shuffle'), n, m, batch, out);
      const base = order(seed, m);
      expect(cuts[0]).toBe(0);
      expect(cuts[cuts.length - 1]).toBe(n);
      expect(cuts.length - 1).toBe(Math.ceil(m / batch));
      expect([...out].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (let b = 0; b + 1 < cuts.length; b++) {
        const rows = Array.from(out.subarray(cuts[b]!, cuts[b + 1]!));
        expect(rows.filter((i) => i < m)).toEqual(base.slice(b * batch, (b + 1) * batch));
      }
    }));
  });
});
