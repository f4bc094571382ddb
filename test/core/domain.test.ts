import { describe, expect, it } from 'vitest';
import { defineDomain } from '../../src/core/domain.ts';
import { Rng } from '../../src/core/rng.ts';

const features = [
  { name: 'a', min: 0, max: 2 },
  { name: 'b', min: -1, max: 1 },
];

describe('defineDomain sample', () => {
  it('draws only feasible rows, in [0, 1]', () => {
    const domain = defineDomain({ features, isFeasible: (row) => row[0]! > row[1]! + 1 });
    const rows = domain.sample(200, new Rng(3));
    for (let i = 0; i < 200; i++) {
      const row = rows.subarray(2 * i, 2 * i + 2);
      expect(domain.isFeasibleNormalized(row)).toBe(true);
    }
  });

  it('throws, saying why, when no row is feasible, instead of looping forever', () => {
    const domain = defineDomain({ features, isFeasible: () => false });
    expect(() => domain.sample(10, new Rng(3))).toThrow(/feasible region is \(almost\) empty: only 0 of 10 rows/);
  });
});
