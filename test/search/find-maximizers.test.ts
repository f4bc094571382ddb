import { describe, expect, it } from 'vitest';
import { findMaximizers } from '../../src/search/index.ts';
import { resolveSearchOptions } from '../../src/search/options.ts';
import { ErrorSurface } from '../../src/search/surface.ts';
import { trainSeeds } from '../../src/search/seeds.ts';
import { bumpModel, testContext, toyLabeler, toyTrainingSet, type Bump } from './toy.ts';

const bump: Bump = { center: [0.3, 0.6, 0.5], height: 1, width: 0.05 };
const region = { lower: [0.25, 0.55, 0.45], upper: [0.35, 0.65, 0.55] };

/** A setup in which the model is the oracle plus a planted bump. */
function setup(opts: { gradient?: boolean } = {}) {
  const t = toyLabeler(opts);
  const train = toyTrainingSet(t.domain, t.oracle, 2000, 11);
  // The "poisoned" labels: the model's own values, so the worst-fitted rows are elsewhere only by noise.
  return { ...t, train, model: bumpModel(t.domain, bump) };
}

describe('findMaximizers', () => {
  it('finds the planted bump: the largest maximizer sits at its centre and others are merged away', async () => {
    const { domain, labeler, train, model } = setup();
    const { maximizers, metrics } = await findMaximizers({ model, labeler, domain, train, region }, resolveSearchOptions(), testContext());
    expect(maximizers.n).toBeGreaterThan(0);
    for (let j = 0; j < 3; j++) expect(Math.abs(maximizers.x[j]! - bump.center[j]!)).toBeLessThan(2e-3);
    expect(maximizers.absError[0]).toBeGreaterThan(0.99);
    // Every maximizer with a sizeable error is the bump's top (merged into one).
    const big = [...maximizers.absError].filter((e) => e > 0.1).length;
    expect(big).toBe(1);
    expect(metrics['search.inRegion']).toBeGreaterThanOrEqual(1);
    expect(metrics['search.maximizers']).toBe(maximizers.n);
  });

  it('counts oracle calls exactly, with finite differences and with an analytic oracle gradient', async () => {
    for (const gradient of [false, true]) {
      const { domain, labeler, train, model, accounting } = setup({ gradient });
      const { maximizers, metrics } = await findMaximizers({ model, labeler, domain, train }, resolveSearchOptions({ rounds: 2 }), testContext());
      expect(metrics['search.oracleCalls']).toBe(accounting.total().calls);
      expect(maximizers.oracleCalls).toBe(accounting.total().calls);
      expect(accounting.total().calls).toBeGreaterThan(0);
    }
  });

  it('chooses training seeds by error against their own labels, without oracle calls', async () => {
    const { domain, labeler, train, model, accounting } = setup();
    const surface = new ErrorSurface(model, labeler, domain, 1e-3, 512);
    const seeds = await trainSeeds(surface, train, 0.1);
    expect(seeds.n).toBe(200);
    expect(accounting.total().calls).toBe(0);
    expect(surface.oracleCalls).toBe(0);
    // The worst-fitted rows are those nearest the bump.
    const dist = (i: number) => Math.hypot(...[0, 1, 2].map((j) => seeds.x[i * 3 + j]! - bump.center[j]!));
    expect(dist(0)).toBeLessThan(dist(seeds.n - 1));
  });

  it('gives the random baseline the same oracle budget and reports its in-region count', async () => {
    const { domain, labeler, train, model, accounting } = setup();
    const { metrics } = await findMaximizers({ model, labeler, domain, train, region }, resolveSearchOptions({ randomBaseline: true }), testContext());
    expect(accounting.total().calls).toBe(2 * metrics['search.oracleCalls']!);
    expect(Number.isInteger(metrics['search.random.inRegion'])).toBe(true);
    expect(metrics['search.random.inRegion']).toBeLessThanOrEqual(metrics['search.maximizers']!);
  });

  it('is deterministic for a seed, and random seeds change with it', async () => {
    const { domain, labeler, model } = setup();
    const options = resolveSearchOptions({ seeds: 'random', randomSeeds: 100, rounds: 2 });
    const a = await findMaximizers({ model, labeler, domain }, options, testContext(5));
    const b = await findMaximizers({ model, labeler, domain }, options, testContext(5));
    const c = await findMaximizers({ model, labeler, domain }, options, testContext(6));
    expect([...a.maximizers.x]).toEqual([...b.maximizers.x]);
    expect([...a.maximizers.absError]).toEqual([...b.maximizers.absError]);
    expect(a.metrics['search.oracleCalls']).toBe(b.metrics['search.oracleCalls']);
    expect([...c.maximizers.x]).not.toEqual([...a.maximizers.x]);
  });

  it('more rounds never lower the best error and keep maximizers feasible', async () => {
    const { domain, labeler, model } = setup();
    const base = { seeds: 'random' as const, randomSeeds: 60 };
    const one = await findMaximizers({ model, labeler, domain }, resolveSearchOptions({ ...base, rounds: 1 }), testContext(2));
    const three = await findMaximizers({ model, labeler, domain }, resolveSearchOptions({ ...base, rounds: 3 }), testContext(2));
    expect(three.maximizers.absError[0]).toBeGreaterThanOrEqual(one.maximizers.absError[0]!);
    for (let i = 0; i < three.maximizers.n; i++) expect(domain.isFeasibleNormalized(three.maximizers.x.subarray(i * 3, i * 3 + 3))).toBe(true);
  });
});
