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

  it.each([1000, 2 ** 21 + 10])('writes only the first n entries of a longer buffer, whatever they held (n = %i, both sort paths)', (n) => {
    const buffer = new Uint32Array(n + 5).fill(0xffffffff);
    const written = keyedOrder(new Rng(3, 'shuffle'), n, buffer);
    expect(written.length).toBe(n);
    expect(Array.from(buffer.subarray(n))).toEqual([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
    // A permutation of 0..n-1 (checked in one pass: each row seen once).
    const seen = new Uint8Array(n);
    for (const row of written) seen[row] = row < n ? seen[row]! + 1 : 2;
    expect(seen.every((count) => count === 1)).toBe(true);
    if (n <= 1000) expect(written).toEqual(keyedOrder(new Rng(3, 'shuffle'), n, new Uint32Array(n)));
  });

  it('differs between salts and is not the identity', () => {
    const a = order(1, 1000), b = order(2, 1000);
    expect(a).not.toEqual(b);
    expect(a.filter((v, i) => v === i).length).toBeLessThan(20);
  });
});
