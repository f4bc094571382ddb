import { describe, expect, it } from 'vitest';
import activeLearning from '../../../plugins/defense/active-learning/index.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';
import type { ActiveLearningOptions } from '../../../plugins/defense/active-learning/options.ts';
import { concatDatasets, type Dataset } from '../../../src/core/dataset.ts';
import type { DefenseInput } from '../../../src/core/defense.ts';
import { Rng } from '../../../src/core/rng.ts';
import { findMaximizers } from '../../../src/search/index.ts';
import { resolveSearchOptions } from '../../../src/search/options.ts';
import { kernelModelPlugin, testContext, toyLabeler, toyTrainingSet, trueValues } from '../../search/toy.ts';

const box = { lower: [0.2, 0.5, 0.4], upper: [0.3, 0.6, 0.5] };

function inBox(n: number, rng: Rng): Float64Array {
  const x = new Float64Array(n * 3);
  for (let i = 0; i < n * 3; i++) x[i] = rng.uniform(box.lower[i % 3]!, box.upper[i % 3]!);
  return x;
}

/** Options as the spec layer would resolve them. */
const resolve = (overrides: Record<string, unknown>): ActiveLearningOptions => optionsWithDefaults(activeLearning.optionsSchema, overrides);

/** A kernel model trained on a set with 80 rows in a box labeled 1.5 z, and the defense's input. */
async function poisonedSetup(): Promise<{ input: DefenseInput; train: Dataset }> {
  const { domain, oracle, labeler } = toyLabeler();
  const clean = toyTrainingSet(domain, oracle, 800, 21);
  const px = inBox(80, new Rng(22, 'poison'));
  const poison = { n: 80, nFeatures: 3, x: px, y: trueValues(domain, oracle, px, 80).map((z) => 1.5 * z) };
  const train = concatDatasets(clean, poison);
  const modelOptions = { bandwidth: 0.04 };
  const ctx = testContext();
  const model = await kernelModelPlugin.create(modelOptions, ctx, { nFeatures: 3 });
  await model.fit!(train, ctx);
  const ax = inBox(100, new Rng(23, 'attack'));
  const cx = domain.sample(200, new Rng(24, 'clean'));
  const vx = domain.sample(100, new Rng(25, 'validation'));
  const set = (x: Float64Array, n: number): Dataset => ({ n, nFeatures: 3, x, y: trueValues(domain, oracle, x, n) });
  const input: DefenseInput = {
    model,
    modelPlugin: kernelModelPlugin as never,
    modelOptions,
    train,
    domain,
    labeler,
    validation: set(vx, 100),
    evaluation: { clean: set(cx, 200), attack: set(ax, 100) },
  };
  return { input, train };
}

async function attackMse(input: DefenseInput): Promise<number> {
  const a = input.evaluation.attack!;
  const y = await input.model.predict(a.x, a.n);
  return y.reduce((s, v, i) => s + (v - a.y[i]!) ** 2, 0) / a.n;
}

const search = { rounds: 1, randomSeeds: 200 };

describe('active-learning defense', () => {
  it('resolves its options, including the nested search options, from the schema defaults', () => {
    const options = resolve({});
    expect(options).toMatchObject({ mitigate: true, mode: 'retrain', rounds: 2, alpha: 0.99 });
    expect(options.search).toEqual(resolveSearchOptions());
    expect(resolve({ search: { rounds: 5 } }).search.rounds).toBe(5);
    expect(() => resolve({ search: { nope: 1 } })).toThrow();
  });

  it('detect flags nothing', async () => {
    const { input } = await poisonedSetup();
    const detection = await activeLearning.detect(input, resolve({}), testContext());
    expect(detection.flagged.length).toBe(0);
    expect(detection.suspects.length).toBe(0);
  });

  it('retrain mode: alpha-weighted rounds on the maximizers tamp the backdoor down', async () => {
    const { input, train } = await poisonedSetup();
    const before = await attackMse(input);
    const ctx = testContext(3);
    const found = await findMaximizers({ model: input.model, labeler: input.labeler, domain: input.domain, train }, resolveSearchOptions(search), ctx);
    const options = resolve({ rounds: 2, alpha: 0.5, search });
    const result = await activeLearning.mitigate!({ ...input, maximizers: found.maximizers }, await activeLearning.detect(input, options, ctx), options, ctx);
    expect(result.points.map((p) => p.variant)).toEqual(['round-1', 'round-2']);
    const [r1, r2] = result.points.map((p) => p.metrics);
    expect(r1!['maximizers']).toBe(found.maximizers.n);
    expect(r2!['maximizers']).toBeGreaterThan(r1!['maximizers']!);
    expect(r2!['oracleCalls']).toBeGreaterThan(0);
    expect(r1!['attack.mse']).toBeLessThan(before);
    expect(r2!['attack.mse']).toBeLessThan(before);
    expect(result.chosen['attack.mse']).toBe(r2!['attack.mse']);
  });

  it('finetune mode: random seeds and fine-tuning a copy, leaving the audited model as it was', async () => {
    const { input } = await poisonedSetup();
    const before = await attackMse(input);
    const probe = input.evaluation.clean.x;
    const y0 = await input.model.predict(probe, 200);
    const options = resolve({ mode: 'finetune', rounds: 2, search: { ...search, randomSeeds: 300 } });
    const ctx = testContext(4);
    const result = await activeLearning.mitigate!({ ...input, train: undefined }, await activeLearning.detect(input, options, ctx), options, ctx);
    expect(result.points.every((p) => p.alpha === 0)).toBe(true);
    expect(result.chosen['attack.mse']).toBeLessThan(before);
    expect([...(await input.model.predict(probe, 200))]).toEqual([...y0]);
  });

  it('explains what is missing: the training set for retrain, save/load for finetune', async () => {
    const { input } = await poisonedSetup();
    const ctx = testContext();
    const noTrain = { ...input, train: undefined, maximizers: undefined };
    await expect(activeLearning.mitigate!(noTrain, await activeLearning.detect(noTrain, resolve({}), ctx), resolve({}), ctx)).rejects.toThrow(/needs the training set/);
    const noSave = { ...input, model: { ...input.model, save: undefined } };
    const options = resolve({ mode: 'finetune' });
    await expect(activeLearning.mitigate!(noSave, await activeLearning.detect(noSave, options, ctx), options, ctx)).rejects.toThrow(/saved and reloaded/);
  });
});
