import { describe, expect, it } from 'vitest';
import { alphaWeightedSet, retrainWeighted } from '../../src/search/retrain.ts';
import type { Dataset } from '../../src/core/dataset.ts';
import { Rng } from '../../src/core/rng.ts';
import { kernelModelPlugin, testContext } from './toy.ts';

function constant(n: number, value: number, x: Float64Array): Dataset {
  return { n, nFeatures: 2, x, y: new Float64Array(n).fill(value) };
}

describe('retrainWeighted', () => {
  it('weights the training set alpha and the extra set 1 - alpha in total, mean weight 1', () => {
    const rng = new Rng(1, 'w');
    const train = constant(30, 0, Float64Array.from({ length: 60 }, () => rng.next()));
    const extra = constant(10, 1, Float64Array.from({ length: 20 }, () => rng.next()));
    const set = alphaWeightedSet(train, extra, 0.9);
    const sum = (a: number, b: number) => set.weights!.slice(a, b).reduce((s, w) => s + w, 0);
    expect(sum(0, 30) / sum(0, 40)).toBeCloseTo(0.9, 12);
    expect(sum(30, 40) / sum(0, 40)).toBeCloseTo(0.1, 12);
    expect(sum(0, 40)).toBeCloseTo(40, 9);
    expect(() => alphaWeightedSet(train, extra, 1.5)).toThrow(/alpha/);
  });

  it('trains a fresh model whose predictions follow the alpha mix of the two sets', async () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => (i % 7) / 7);
    // Same inputs, train labelled 0 and extra labelled 1: a weighted regression predicts 1 - alpha.
    const train = constant(20, 0, x);
    const extra = constant(20, 1, x);
    for (const alpha of [0.99, 0.7, 0.25]) {
      const model = await retrainWeighted({ modelPlugin: kernelModelPlugin as never, modelOptions: { bandwidth: 0.3 }, train, extra, alpha, seed: 1 }, testContext());
      const y = await model.predict(Float64Array.from([0.5, 0.5]), 1);
      expect(y[0]).toBeCloseTo(1 - alpha, 9);
    }
  });

  it('refuses a model plugin that cannot train', async () => {
    const frozen = { ...kernelModelPlugin, canTrain: false };
    await expect(retrainWeighted({ modelPlugin: frozen as never, modelOptions: { bandwidth: 1 }, train: constant(1, 0, new Float64Array(2)), extra: constant(1, 0, new Float64Array(2)), alpha: 0.5, seed: 1 }, testContext())).rejects.toThrow(/cannot be trained/);
  });
});
