/**
 * How much does pairing (same model seed for the poisoned model and its baseline) narrow the spread of
 * clean.mseDrift for a given mlp configuration? A quick experiment outside the audit engine, on the
 * quickstart's sizes (barrier oracle, 6,000 training rows, 300 mislabeled + 600 planted rows, 1,000
 * clean test rows by default) with its own data draw: per seed it trains the baseline, the poisoned
 * model with the same seed, and an unpaired baseline with another seed, then prints the standard
 * deviation of the drift both ways. The engine's measurement is `audits/stats-drift-*.audit.yaml
 * --repeats 10`; this is the cheaper screen used to choose what to measure there (docs/statistics.md).
 *
 *   npx tsx scripts/experiments/paired-drift.ts '{"hidden":[64,64,64],"learningRate":0.003}' 10 [test rows, default 1000]
 */
import type { Dataset } from '../../src/core/dataset.ts';
import { meanInterval } from '../../src/stats/interval.ts';
import { barrierExperiment, context, mse } from './barrier-setup.ts';

/** Sample standard deviation. */
const std = (values: readonly number[]): number => meanInterval(values).std;

const modelOptions = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const seeds = Number(process.argv[3] ?? 10);
const nTest = Number(process.argv[4] ?? 1000);
const experiment = await barrierExperiment(6000, nTest, { nAttack: 300, nClean: 600, nAttackTest: 1000 });

/** Clean test MSE of an mlp fitted on `data` with `seed`. */
async function cleanMse(data: Dataset, seed: number): Promise<number> {
  const model = await experiment.mlp(modelOptions, seed);
  await model.fit!(data, context(seed), { seed });
  const result = await mse(model, experiment.test);
  model.dispose();
  return result;
}

const paired: number[] = [];
const unpaired: number[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const baseline = await cleanMse(experiment.base, seed);
  const attacked = await cleanMse(experiment.poisoned.train, seed);
  const other = await cleanMse(experiment.base, seed + 1000);
  paired.push(attacked / baseline - 1);
  unpaired.push(attacked / other - 1);
  console.log(JSON.stringify({ seed, baseline, poisoned: attacked, unpairedBaseline: other }));
}
console.log(JSON.stringify({ options: modelOptions, seeds, pairedStd: std(paired), unpairedStd: std(unpaired), ratio: std(paired) / std(unpaired) }));
