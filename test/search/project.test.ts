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
  it('returns a feasible row or nothing, by backtracking (domain without project)', () => {
    const domain = toyDomain(false);
    fc.assert(
      fc.property(move, ({ seed, to }) => {
        const from = domain.sample(1, new Rng(seed, 'p'));
        const p = projectMove(domain, from, Float64Array.from(to), 10);
        if (p !== undefined) expect(domain.isFeasibleNormalized(p)).toBe(true);
      }),
    );
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
