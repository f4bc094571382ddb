import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { projectMove } from '../../src/search/project.ts';
import { toyDomain } from './toy.ts';

const move = fc.record({
  seed: fc.integer({ min: 0, max: 1e6 }),
  to: fc.array(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { minLength: 3, maxLength: 3 }),
});

describe('projectMove', () => {
  it('returns a feasible row on the way to the clipped target, or nothing, by backtracking (domain without project)', () => {
    const domain = toyDomain(false);
    let found = 0, tried = 0;
    fc.assert(
      fc.property(move, ({ seed, to }) => {
        tried++;
        const from = domain.sample(1, new Rng(seed, 'p'));
        const target = Float64Array.from(to, (v) => Math.min(1, Math.max(0, v)));
        const p = projectMove(domain, from, Float64Array.from(to), 10);
        if (p === undefined) return;
        found++;
        expect(domain.isFeasibleNormalized(p)).toBe(true);
        // p is the target itself or from + 2^-s (target - from) for one s in 1..10
        const onSegment = [1, ...Array.from({ length: 10 }, (_, s) => 2 ** -(s + 1))].some((t) =>
          p.every((v, j) => Math.abs(v - (from[j]! + t * (target[j]! - from[j]!))) < 1e-12));
        expect(onSegment).toBe(true);
      }),
    );
    // The feasible set is a half-space and `from` is feasible, so 10 halvings fail only for a `from`
    // within about 1/1000 of the boundary.
    expect(found / tried).toBeGreaterThan(0.9);
  });

  it('backtracks to the first feasible halving of the move', () => {
    const domain = toyDomain(false);
    // natural (a, b) = (0.2, 0.5) -> (2, 0): feasible while 0.2 + 1.8 t <= 1.5 - t, i.e. t <= 0.464
    const p = projectMove(domain, Float64Array.from([0.1, 0.5, 0.5]), Float64Array.from([1, 0, 0.5]), 10);
    expect([...p!].map((v) => +v.toFixed(12))).toEqual([0.325, 0.375, 0.5]);
    expect(projectMove(domain, Float64Array.from([0.1, 0.5, 0.5]), Float64Array.from([1, 0, 0.5]), 1)).toBeUndefined();
  });

  it("always returns a feasible row with the domain's project", () => {
    const domain = toyDomain(true);
    fc.assert(
      fc.property(move, ({ seed, to }) => {
        const from = domain.sample(1, new Rng(seed, 'p'));
        const p = projectMove(domain, from, Float64Array.from(to), 0);
        expect(p).toBeDefined();
        expect(domain.isFeasibleNormalized(p!)).toBe(true);
      }),
    );
  });

  it('leaves a feasible target where it is and clips the unit box', () => {
    const domain = toyDomain(false);
    const from = Float64Array.from([0.2, 0.5, 0.5]);
    expect([...projectMove(domain, from, Float64Array.from([0.3, 0.6, 0.4]), 0)!]).toEqual([0.3, 0.6, 0.4]);
    expect([...projectMove(domain, from, Float64Array.from([0.3, 1.4, -0.2]), 0)!]).toEqual([0.3, 1, 0]);
  });
});
