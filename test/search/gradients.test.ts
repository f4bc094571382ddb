import { describe, expect, it } from 'vitest';
import { centralDifferenceGradient, feasibleDifferenceGradient } from '../../src/search/gradients.ts';
import { ErrorSurface } from '../../src/search/surface.ts';
import { Rng } from '../../src/core/rng.ts';
import { bumpModel, toyLabeler, trueValues } from './toy.ts';

const bump = { center: [0.3, 0.6, 0.5], height: 1, width: 0.1, tilt: 0.2 };

describe('finite-difference gradients', () => {
  it('central differences of predict agree with the analytic inputGradient', async () => {
    const { domain } = toyLabeler();
    const model = bumpModel(domain, bump);
    const n = 50;
    const x = domain.sample(n, new Rng(3, 'fd'));
    const analytic = await model.inputGradient!(x, n);
    const fd = await centralDifferenceGradient((p, np) => model.predict(p, np), x, n, 3, 1e-4);
    for (let k = 0; k < n * 3; k++) expect(fd[k]).toBeCloseTo(analytic[k]!, 5);
  });

  it("the oracle's feasible differences agree with its analytic gradient, also next to the constraint", async () => {
    const { domain, oracle, labeler } = toyLabeler({ gradient: true });
    // Interior rows and rows on the constraint a = 2b + 0.5 (normalized: 2 a = 2 b + 0.5).
    const interior = domain.sample(20, new Rng(4, 'fd'));
    const edge = new Float64Array(20 * 3);
    for (let i = 0; i < 20; i++) {
      const b = 0.2 + 0.02 * i;
      edge.set([(2 * b + 0.5) / 2 - 1e-9, b, 0.5], i * 3);
    }
    for (const x of [interior, edge]) {
      const z = trueValues(domain, oracle, x, 20);
      const fd = await feasibleDifferenceGradient((p, np) => labeler.label(p, np), domain, x, z, 20, 1e-5);
      const analytic = await labeler.gradient!(x, 20);
      for (let k = 0; k < 60; k++) expect(fd[k]).toBeCloseTo(analytic[k]!, 3);
    }
  });

  it('the error surface uses finite differences for a model without inputGradient, to the same effect', async () => {
    const { domain, labeler } = toyLabeler();
    const x = domain.sample(10, new Rng(5, 'fd'));
    const withGrad = new ErrorSurface(bumpModel(domain, bump), labeler, domain, 1e-4, 64);
    const without = new ErrorSurface(bumpModel(domain, bump, false), labeler, domain, 1e-4, 64);
    const a = await withGrad.modelGradient(x, 10);
    const b = await without.modelGradient(x, 10);
    for (let k = 0; k < 30; k++) expect(b[k]).toBeCloseTo(a[k]!, 5);
  });
});
