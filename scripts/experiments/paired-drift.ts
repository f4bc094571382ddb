/**
 * How much does pairing (same model seed for the poisoned model and its baseline) narrow the spread of
 * clean.mseDrift for a given mlp configuration? A quick experiment outside the audit engine, on the
 * quickstart's sizes (barrier oracle, 6,000 training rows, 300 mislabeled + 600 planted rows, 1,000
 * clean test rows) with its own data draw: per seed it trains the baseline, the poisoned model with the
 * same seed, and an unpaired baseline with another seed, then prints the standard deviation of the
 * drift both ways. The engine's measurement is `audits/stats-drift-*.audit.yaml --repeats 10`; this is
 * the cheaper screen used to choose what to measure there (docs/statistics.md).
 *
 *   npx tsx scripts/experiments/paired-drift.ts '{"hidden":[64,64,64],"learningRate":0.003}' 10
 */
import attack from '../../plugins/attack/localized-backdoor/index.ts';
import mlp from '../../plugins/model/mlp/index.ts';
import barrier from '../../plugins/oracle/barrier/index.ts';
import { makeDataset, type TrainingSet } from '../../src/core/dataset.ts';
import { createLabeler, OracleAccounting } from '../../src/core/labeler.ts';
import { silentLogger, silentProgress, type JsonSchema, type PluginContext } from '../../src/core/plugin.ts';
import { Rng } from '../../src/core/rng.ts';
import { validatorFor } from '../../src/spec/ajv.ts';

/** Options as the spec layer hands them to a plugin: validated, defaults filled. */
function resolve<O>(schema: JsonSchema, given: unknown): O {
  const options = structuredClone(given);
  const validate = validatorFor(schema);
  if (!validate(options)) throw new Error(`invalid options: ${JSON.stringify(validate.errors)}`);
  return options as O;
}

const context = (seed: number): PluginContext => ({ rng: new Rng(seed), log: silentLogger, progress: silentProgress, signal: new AbortController().signal });

/** Sample standard deviation. */
function std(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}

const modelOptions = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const seeds = Number(process.argv[3] ?? 10);

const oracle = await barrier.create(resolve(barrier.optionsSchema, {}), context(1));
const domain = oracle.domain;
const labeler = createLabeler(oracle, 'barrier', new OracleAccounting(), 'experiment');
const rng = new Rng(1);
const trainX = domain.sample(6000, rng.fork('base'));
const base = makeDataset(trainX, await labeler.label(trainX, 6000), domain.nFeatures);
const testX = domain.sample(1000, rng.fork('test'));
const testY = await labeler.label(testX, 1000);
const poisoned = await attack.poison({ train: base, domain, labeler }, resolve(attack.optionsSchema, { nAttack: 300, nClean: 600, nAttackTest: 1000 }), context(1));
const options = resolve<Parameters<typeof mlp.create>[0]>(mlp.optionsSchema, modelOptions);

/** Clean test MSE of an mlp fitted on `data` with `seed`. */
async function cleanMse(data: TrainingSet, seed: number): Promise<number> {
  const model = await mlp.create(options, context(seed), { nFeatures: domain.nFeatures });
  await model.fit!(data, context(seed), { seed });
  const predicted = await model.predict(testX, 1000);
  model.dispose();
  let sum = 0;
  for (let i = 0; i < 1000; i++) sum += (predicted[i]! - testY[i]!) ** 2;
  return sum / 1000;
}

const paired: number[] = [];
const unpaired: number[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const baseline = await cleanMse(base, seed);
  const attacked = await cleanMse(poisoned.train, seed);
  const other = await cleanMse(base, seed + 1000);
  paired.push(attacked / baseline - 1);
  unpaired.push(attacked / other - 1);
  console.log(JSON.stringify({ seed, baseline, poisoned: attacked, unpairedBaseline: other }));
}
console.log(JSON.stringify({ options: modelOptions, seeds, pairedStd: std(paired), unpairedStd: std(unpaired), ratio: std(paired) / std(unpaired) }));
