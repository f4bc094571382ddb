/**
 * The `active-learning` defense (paper section 4): do nothing but active learning. Detection flags
 * nothing; mitigation puts the local error maximizers, with their oracle values, into training and
 * repeats for `rounds` rounds, each round searching the newly trained model again.
 *
 * - mode `retrain` (the defender has the training set S0): round r trains a fresh model on S0 ∪ M0 ∪ ...
 *   ∪ M(r-1) with the alpha-weighted MSE (S0 weight alpha, the maximizers 1 - alpha). M0 is the run's
 *   search; later Mk come from searching the round-k model, seeded from S0.
 * - mode `finetune` (no training set): each round searches the current model from random seeds and
 *   fine-tunes a copy of the audited model (saved and reloaded, so the audited model is untouched) on the
 *   maximizers found so far, starting from its weights, at a low learning rate.
 *
 * Each round is a mitigation point (variant `round-<r>`) with clean and attack MSE/MAE, the validation
 * MSE, the number of maximizers trained on and the defense's oracle rows so far; the last round is the
 * chosen configuration.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatDatasets, makeDataset, type Dataset } from '../../../src/core/dataset.ts';
import { defineDefense, type DefenseInput, type Maximizers, type MitigationPoint } from '../../../src/core/defense.ts';
import { defenseInput, modelCannotCopy, modelCannotTrain } from '../../../src/core/errors.ts';
import type { Model } from '../../../src/core/model.ts';
import type { PluginContext } from '../../../src/core/plugin.ts';
import { mitigationMetrics } from '../../../src/detect/mitigate.ts';
import { findMaximizers } from '../../../src/search/index.ts';
import { searchOptionsSchema } from '../../../src/search/options.ts';
import { retrainWeighted } from '../../../src/search/retrain.ts';
import type { ActiveLearningOptions } from './options.ts';
import ownSchema from './options.schema.json' with { type: 'json' };

const NAME = 'active-learning';
const ORIGIN = { plugin: NAME, stage: 'defense' };

/** The options schema with `search` validated (and defaulted) by the search options schema. */
const { $id: _id, $schema: _schema, ...searchSchema } = searchOptionsSchema;
const optionsSchema = { ...ownSchema, properties: { ...ownSchema.properties, search: { ...searchSchema, ...ownSchema.properties.search } } };

/** The maximizers as a dataset labeled with their oracle values. */
function labeled(m: Maximizers): Dataset {
  return makeDataset(m.x, m.z, m.nFeatures);
}

/** Rounds with the training set: fresh alpha-weighted retrainings. */
async function retrainRounds(input: DefenseInput, options: ActiveLearningOptions, ctx: PluginContext): Promise<MitigationPoint[]> {
  const { train } = input;
  if (!train) throw defenseInput(ORIGIN, 'mode `retrain` needs the training set, and this audit has none.', 'Give the audit a training set (data.train), or set `mode: finetune`.');
  let oracleCalls = 0;
  let found = input.maximizers;
  if (!found) { // called outside the engine (which always supplies them: needs.maximizers)
    found = (await findMaximizers({ model: input.model, labeler: input.labeler, domain: input.domain, train }, options.search, { ...ctx, rng: ctx.rng.fork('search', 0) })).maximizers;
    oracleCalls += found.oracleCalls;
  }
  let extra = labeled(found);
  const seed = ctx.rng.fork('retrain').seed31();
  const points: MitigationPoint[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    ctx.signal.throwIfAborted();
    const model = await retrainWeighted({ modelPlugin: input.modelPlugin, modelOptions: input.modelOptions, train, extra, alpha: options.alpha, seed }, ctx);
    try {
      points.push({ alpha: options.alpha, variant: `round-${round}`, metrics: { ...(await mitigationMetrics(model, input)), round, maximizers: extra.n, oracleCalls } });
      ctx.progress.update(`${NAME}: rounds`, round, options.rounds);
      if (round < options.rounds) {
        const next = await findMaximizers({ model, labeler: input.labeler, domain: input.domain, train }, options.search, { ...ctx, rng: ctx.rng.fork('search', round) });
        oracleCalls += next.maximizers.oracleCalls;
        extra = concatDatasets(extra, labeled(next.maximizers));
      }
    } finally {
      model.dispose();
    }
  }
  return points;
}

/** A copy of the audited model, through save and load (fine-tuning must not change the audited model). */
async function copyModel(input: DefenseInput, ctx: PluginContext): Promise<Model> {
  const { modelPlugin, model } = input;
  if (!modelPlugin.load || !model.save) {
    throw modelCannotCopy(ORIGIN, modelPlugin.name);
  }
  const dir = await mkdtemp(join(tmpdir(), 'regaudit-al-'));
  try {
    await model.save(dir);
    return await modelPlugin.load(dir, input.modelOptions, ctx);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rounds without the training set: random-seeded searches and warm-started fine-tuning. */
async function finetuneRounds(input: DefenseInput, options: ActiveLearningOptions, ctx: PluginContext): Promise<MitigationPoint[]> {
  const model = await copyModel(input, ctx);
  const search = { ...options.search, seeds: 'random' as const };
  const seed = ctx.rng.fork('finetune').seed31();
  const points: MitigationPoint[] = [];
  let oracleCalls = 0;
  let extra: Dataset | undefined;
  try {
    for (let round = 1; round <= options.rounds; round++) {
      ctx.signal.throwIfAborted();
      const found = await findMaximizers({ model, labeler: input.labeler, domain: input.domain }, search, { ...ctx, rng: ctx.rng.fork('search', round) });
      oracleCalls += found.maximizers.oracleCalls;
      extra = extra ? concatDatasets(extra, labeled(found.maximizers)) : labeled(found.maximizers);
      await model.fit!(extra, ctx, { warmStart: true, learningRate: options.learningRate, maxEpochs: options.epochs, seed });
      points.push({ alpha: 0, variant: `round-${round}`, metrics: { ...(await mitigationMetrics(model, input)), round, maximizers: extra.n, oracleCalls } });
      ctx.progress.update(`${NAME}: rounds`, round, options.rounds);
    }
  } finally {
    model.dispose();
  }
  return points;
}

/** The bundled active-learning defense. */
export default defineDefense<ActiveLearningOptions>({
  kind: 'defense',
  name: NAME,
  version: '1.0.0',
  description: 'Active learning: retrains (or fine-tunes) on the error maximizers with oracle labels, round after round (paper 4)',
  optionsSchema,
  needs: { maximizers: true, trainingInputs: false, training: true },
  async detect() {
    return { flagged: new Uint32Array(0), suspects: new Uint32Array(0), metrics: {} };
  },
  async mitigate(input, _detection, options, ctx) {
    if (!input.modelPlugin.canTrain) throw modelCannotTrain(input.modelPlugin.name, ORIGIN, `defense \`${NAME}\` has \`mitigate: true\``);
    const points = options.mode === 'retrain' ? await retrainRounds(input, options, ctx) : await finetuneRounds(input, options, ctx);
    ctx.progress.finish(`${NAME}: rounds`);
    return { points, chosen: { ...points[points.length - 1]!.metrics } };
  },
});
