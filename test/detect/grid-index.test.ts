import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GridIndex } from '../../src/detect/grid-index.ts';
import { Rng } from '../../src/core/rng.ts';
import { bruteNeighbors } from './helpers.ts';

/** Points and queries as fast-check values: coordinates either continuous or on a coarse lattice (ties with the radius). */
const cloud = fc
  .record({
    d: fc.integer({ min: 1, max: 7 }),
    n: fc.integer({ min: 0, max: 250 }),
    m: fc.integer({ min: 1, max: 25 }),
    radius: fc.oneof(fc.double({ min: 0.01, max: 0.7, noNaN: true }), fc.constantFrom(0.1, 0.25, 0.5)),
    lattice: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1e6 }),
    maxCells: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  })
  .map(({ d, n, m, radius, lattice, seed, maxCells }) => {
    const rng = new Rng(seed, 'cloud');
    const coord = (): number => (lattice ? rng.int(11) / 10 : rng.uniform(-0.2, 1.2));
    return { d, radius, maxCells, points: Float64Array.from({ length: n * d }, coord), queries: Float64Array.from({ length: m * d }, coord) };
  });

describe('GridIndex', () => {
  it('counts exactly what brute force counts, in any dimension, radius and grid size', () => {
    fc.assert(
      fc.property(cloud, ({ d, radius, maxCells, points, queries }) => {
        const index = new GridIndex(points, d, radius, maxCells);
        const expected = bruteNeighbors(points, queries, d, radius);
        expect(Array.from(index.countAll(queries))).toEqual(expected.map((h) => h.length));
        for (let q = 0; q < expected.length; q++) expect(Array.from(index.neighbors(queries, q))).toEqual(expected[q]);
      }),
      { numRuns: 300 },
    );
  });

  it('returns the sorted union of neighbours of chosen queries', () => {
    fc.assert(
      fc.property(cloud, fc.array(fc.nat(), { maxLength: 6 }), ({ d, radius, maxCells, points, queries }, picks) => {
        const m = queries.length / d;
        const which = picks.map((p) => p % m);
        const expected = [...new Set(which.flatMap((q) => bruteNeighbors(points, queries.subarray(q * d, q * d + d), d, radius)[0]!))].sort((a, b) => a - b);
        expect(Array.from(new GridIndex(points, d, radius, maxCells).neighborUnion(queries, which))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('stays exact in high dimension where only some dimensions are gridded', () => {
    const rng = new Rng(7, 'high-d');
    const d = 16, n = 3000;
    const points = Float64Array.from({ length: n * d }, () => rng.next() * 0.5);
    const queries = points.slice(0, 40 * d);
    const index = new GridIndex(points, d, 0.6);
    expect(Array.from(index.countAll(queries))).toEqual(bruteNeighbors(points, queries, d, 0.6).map((h) => h.length));
  });

  it('rejects a non-positive radius, a ragged array and non-finite coordinates', () => {
    expect(() => new GridIndex(new Float64Array(4), 2, 0)).toThrow(/radius/);
    expect(() => new GridIndex(new Float64Array(5), 2, 0.1)).toThrow(/rows of 2/);
    expect(() => new GridIndex(Float64Array.of(0, NaN), 2, 0.1)).toThrow(/non-finite/);
  });
});
