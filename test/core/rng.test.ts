import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';

describe('Rng', () => {
  it('gives the same draws for the same seed and key, different ones for another key', () => {
    const a = new Rng(7, 'stage', 1), b = new Rng(7, 'stage', 1), c = new Rng(7, 'stage', 2);
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });

  it('permutes 0..n-1, and subset draws k distinct sorted indices: the first k of the same permutation', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, seed, f) => {
      const p = new Rng(seed, 'p').permutation(n);
      expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
      const k = Math.round(f * n);
      const s = new Rng(seed, 'p').subset(n, k);
      expect(s.length).toBe(k);
      expect(new Set(s).size).toBe(k);
      for (let i = 1; i < k; i++) expect(s[i]!).toBeGreaterThan(s[i - 1]!);
      expect(Array.from(s)).toEqual(Array.from(p.subarray(0, k)).sort((x, y) => x - y));
    }));
  });
});
