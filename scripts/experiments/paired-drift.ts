/**
 * How much does pairing (same model seed for the poisoned model and its baseline) narrow the spread of
 * clean.mseDrift for a given mlp configuration? A quick experiment outside the audit engine, on the
 * quickstart's sizes (barrier oracle, 6,000 training rows, 300 mislabeled + 600 planted rows, 1,000
 * clean test rows by default) with its own data draw: per seed it trains the baseline, the poisoned
 * model with the same seed, and an unpaired baseline with another seed, then prints the standard
 * deviation of the drift both ways and the correlation of the clean MSEs. The engine's measurement is
 * `audits/stats-drift-*.audit.yaml --repeats k`; this is the cheaper screen (docs/statistics.md).
 *
 * With `--floors` it also trains, per seed and with the same seed, the baseline's rows with one label
 * changed by 0.1% (same rows, same batches) and with one planted row appended (the batches after it
 * shift by a row): how far two trainings that differ by almost nothing drift apart, the floor under
 * any pairing of this training.
 *
 * With `--shared k1,k2,...` it also trains, per k, the poisoned model whose first k epochs visit the
 * base rows alone (the spec's `sharedEpochs`: its training forks from the baseline's after k epochs).
 *
 *   npx tsx scripts/experiments/paired-drift.ts '{"hidden":[64,64,64],"learningRate":0.003}' 30 10000 --floors
 *   npx tsx scripts/experiments/paired-drift.ts '{"hidden":[64,64,64],"learningRate":0.003,"lrDropEvery":25,"lrDropFactor":0.3,"maxEpochs":60,"stopWindow":0,"batchSize":64,"emaDecay":0.998}' 20 10000 --shared 0,5,15,25
 *
 * Arguments: mlp options (JSON, as in a spec's `model.with`), seeds (1..k, default 10), clean test rows
 * (default 1000). Two seeds train at once (one thread each); every number depends only on its seed.
 */
import { parseArgs } from 'node:util';
import { concatDatasets, makeDataset, selectRows, type Dataset } from '../../src/core/dataset.ts';
import type { FitOverrides } from '../../src/core/model.ts';
import { meanInterval } from '../../src/stats/interval.ts';
import { barrierExperiment, context, mse } from './barrier-setup.ts';

/** Sample standard deviation. */
const std = (values: readonly number[]): number => meanInterval(values).std;

/** Pearson correlation of two equally long samples. */
function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = meanInterval(a).mean, mb = meanInterval(b).mean;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const { values: flags, positionals: args } = parseArgs({ allowPositionals: true, options: { floors: { type: 'boolean', default: false }, shared: { type: 'string' } } });
const floors = flags.floors;
const sharedEpochs = flags.shared?.split(',').map(Number) ?? [];
if (sharedEpochs.some((k) => !(Number.isInteger(k) && k >= 0))) throw new Error(`--shared takes whole epoch counts separated by commas, got ${flags.shared}`);
const modelOptions = { threads: 1, ...(JSON.parse(args[0] ?? '{}') as Record<string, unknown>) };
const seeds = Number(args[1] ?? 10);
const nTest = Number(args[2] ?? 1000);
const experiment = await barrierExperiment(6000, nTest, { nAttack: 300, nClean: 600, nAttackTest: 1000 });
const { base, poisoned } = experiment;

/** Index of the row whose label the label floor changes, and by how much (relative). */
const CHANGED_ROW = 1234, LABEL_CHANGE = 0.001;

/** The base rows with row CHANGED_ROW's label multiplied by 1 + LABEL_CHANGE. */
function withChangedLabel(data: Dataset): Dataset {
  const y = new Float64Array(data.y);
  y[CHANGED_ROW] = y[CHANGED_ROW]! * (1 + LABEL_CHANGE);
  return makeDataset(new Float64Array(data.x), y, data.nFeatures);
}

/** The base rows followed by the poisoned set's last row (a planted, correctly labeled row). */
const withOneRow = (data: Dataset, from: Dataset): Dataset => concatDatasets(data, selectRows(from, [from.n - 1]));

/** The training sets (and fit overrides) compared with the baseline at the same seed. */
const variants: Record<string, { data: Dataset; overrides?: FitOverrides }> = {
  poisoned: { data: poisoned.train },
  ...(floors ? { label: { data: withChangedLabel(base) }, row: { data: withOneRow(base, poisoned.train) } } : {}),
  ...Object.fromEntries(sharedEpochs.map((k) => [`shared${k}`, { data: poisoned.train, overrides: { baseOnly: { rows: base.n, epochs: k } } }])),
};

/** Clean test MSE of an mlp fitted on `data` with `seed` (and `overrides`). */
async function cleanMse(data: Dataset, seed: number, overrides: FitOverrides = {}): Promise<number> {
  const model = await experiment.mlp(modelOptions, seed);
  await model.fit!(data, context(seed), { seed, ...overrides });
  const result = await mse(model, experiment.test);
  model.dispose();
  return result;
}

/** One seed's clean MSEs: baseline, unpaired baseline (seed + 1000) and each variant. */
async function measure(seed: number): Promise<Record<string, number>> {
  const result: Record<string, number> = { baseline: await cleanMse(base, seed) };
  for (const [name, { data, overrides }] of Object.entries(variants)) result[name] = await cleanMse(data, seed, overrides);
  result.unpairedBaseline = await cleanMse(base, seed + 1000);
  console.log(JSON.stringify({ seed, ...result }));
  return result;
}

const rows: Record<string, number>[] = [];
for (let seed = 1; seed <= seeds; seed += 2) {
  rows.push(...(await Promise.all([seed, seed + 1].filter((s) => s <= seeds).map(measure))));
}
const column = (name: string): number[] => rows.map((r) => r[name]!);
const baseline = column('baseline'), unpairedBaseline = column('unpairedBaseline');
for (const name of Object.keys(variants)) {
  const trained = column(name);
  const paired = trained.map((v, i) => v / baseline[i]! - 1);
  const unpaired = trained.map((v, i) => v / unpairedBaseline[i]! - 1);
  console.log(JSON.stringify({
    options: modelOptions, seeds, variant: name,
    pairedStd: std(paired), unpairedStd: std(unpaired), ratio: std(paired) / std(unpaired),
    pairedCorrelation: correlation(trained, baseline), unpairedCorrelation: correlation(trained, unpairedBaseline),
  }));
}
