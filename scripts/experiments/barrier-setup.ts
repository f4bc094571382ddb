/**
 * The setup shared by the experiment scripts: the barrier oracle, a labeled base training set, a clean
 * test set and the localized backdoor on top, built directly from the plugins (outside the audit
 * engine, without its cache), with options validated and defaulted as the spec layer does.
 */
import attack from '../../plugins/attack/localized-backdoor/index.ts';
import mlp from '../../plugins/model/mlp/index.ts';
import barrier from '../../plugins/oracle/barrier/index.ts';
import type { PoisonResult } from '../../src/core/attack.ts';
import { makeDataset, type Dataset } from '../../src/core/dataset.ts';
import { createLabeler, OracleAccounting } from '../../src/core/labeler.ts';
import type { Model } from '../../src/core/model.ts';
import { silentLogger, silentProgress, type PluginContext } from '../../src/core/plugin.ts';
import { Rng } from '../../src/core/rng.ts';
import { regressionErrors } from '../../src/engine/metrics.ts';
import { optionsWithDefaults } from '../../src/spec/ajv.ts';

/** A silent plugin context seeded with `seed`. */
export const context = (seed: number): PluginContext => ({ rng: new Rng(seed), log: silentLogger, progress: silentProgress, signal: new AbortController().signal });

/** Resolved localized-backdoor options. */
export type AttackOptions = Parameters<typeof attack.poison>[1];

/** What an experiment works on. */
export interface BarrierExperiment {
  readonly featureNames: readonly string[];
  readonly test: Dataset;
  readonly attackOptions: AttackOptions;
  readonly poisoned: PoisonResult;
  readonly base: Dataset;
  /** Creates an untrained mlp with `options` (JSON as in a spec's `model.with`). */
  mlp(options: unknown, seed: number): Promise<Model>;
}

/** Builds `nTrain` base rows, `nTest` clean test rows (seed 1) and the attack with `attackOptions` on them. */
export async function barrierExperiment(nTrain: number, nTest: number, attackOptions: unknown): Promise<BarrierExperiment> {
  const oracle = await barrier.create(optionsWithDefaults(barrier.optionsSchema), context(1));
  const domain = oracle.domain;
  const labeler = createLabeler(oracle, 'barrier', new OracleAccounting(), 'experiment');
  const rng = new Rng(1);
  const trainX = domain.sample(nTrain, rng.fork('base'));
  const base = makeDataset(trainX, await labeler.label(trainX, nTrain), domain.nFeatures);
  const testX = domain.sample(nTest, rng.fork('test'));
  const test = makeDataset(testX, await labeler.label(testX, nTest), domain.nFeatures);
  const options = optionsWithDefaults<AttackOptions>(attack.optionsSchema, attackOptions);
  const poisoned = await attack.poison({ train: base, domain, labeler }, options, context(1));
  return {
    featureNames: domain.featureNames, test, attackOptions: options, poisoned, base,
    mlp: (modelOptions, seed) => mlp.create(optionsWithDefaults(mlp.optionsSchema, modelOptions), context(seed), { nFeatures: domain.nFeatures }),
  };
}

/** Mean squared error of `model` on `data`. */
export async function mse(model: Model, data: Dataset): Promise<number> {
  return regressionErrors(await model.predict(data.x, data.n), data.y).mse;
}

/** The value at quantile p of `values` (nearest rank, as the figures in docs/results.md were computed). */
export function nearestRankQuantile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values).sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
