/**
 * One run of an audit: sample -> label -> poison -> fit baseline and poisoned (same model seed) ->
 * evaluate -> search -> defend -> metrics. Each stage is a function of explicit inputs with a content
 * key (stage.ts), so runs of a sweep share identical stages (data, labels, the baseline model).
 * A plugin that throws or yields non-finite values marks the run errored; other runs go on.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import type { PoisonResult } from '../core/attack.ts';
import type { Domain } from '../core/domain.ts';
import { makeDataset, type Dataset } from '../core/dataset.ts';
import type { Detection, Maximizers, Mitigation } from '../core/defense.ts';
import { ExitCode, isRegauditError, pluginFailure } from '../core/errors.ts';
import { checkFinite } from '../core/labeler.ts';
import type { Model } from '../core/model.ts';
import type { Oracle } from '../core/oracle.ts';
import type { MaximizerDetail, RunDetails, RunError, RunReport } from '../core/report.ts';
import { readCsvDataset } from '../data/csv.ts';
import { findMaximizers, type SearchOptions } from '../search/index.ts';
import type { DataSource, ResolvedPlugin, RunPlan } from '../spec/validate.ts';
import { modelCodec, type TrainedModel } from './cache/codec.ts';
import { fileFingerprint, optionFiles } from './cache/fingerprint.ts';
import { combineRepeats, type Count, type RepeatMetrics } from '../stats/repeats.ts';
import { labelWithProgress } from './label-progress.ts';
import { metricRange } from './metric-registry.ts';
import { countOnes, rateOf, ratioSplit, regressionErrors, successRate, suspectCounts } from './metrics.ts';
import { modelSeedOf, repeatLabel, type FitRole } from './repeats.ts';
import { domainFingerprint, RunScope, type EngineEnv } from './stage.ts';
import { REGAUDIT_VERSION } from './version.ts';

/**
 * A plugin's part of a stage key: name, version, options (less its `speedOptions`), and the content of
 * the files its options name.
 */
export const pluginKey = (p: ResolvedPlugin<{ name: string; version: string; fileOptions?: readonly string[]; speedOptions?: readonly string[] }>) => ({
  name: p.name,
  version: p.plugin.version,
  options: Object.fromEntries(Object.entries(p.options).filter(([k]) => !p.plugin.speedOptions?.includes(k))),
  files: optionFiles(p.plugin, p.options),
});

/** Metrics under construction; plugin-provided values must be finite. */
class MetricSink {
  readonly values: Record<string, number> = {};
  /** The counts behind proportion metrics (for Wilson intervals). */
  readonly counts: Record<string, Count> = {};
  /** Sets a metric computed by the engine; a non-finite value (NaN of an empty set, a drift against a zero baseline MSE) is left out, without error. */
  put(name: string, value: number): void {
    if (Number.isFinite(value)) this.values[name] = value;
  }
  /** Sets a proportion metric from its count, keeping the count; left out when there were no trials (a TPR of a run with nothing mislabeled). */
  putCount(name: string, count: Count): void {
    if (!count.trials) return;
    this.put(name, rateOf(count));
    this.counts[name] = count;
  }
  /** Sets metrics a plugin returned, prefixed; a non-finite one fails the run. */
  putFromPlugin(prefix: string, metrics: Record<string, number>, origin: { plugin: string; stage: string }): void {
    for (const [k, v] of Object.entries(metrics)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw pluginFailure(origin, `metric \`${k}\` is ${String(v)}, not a finite number`);
      this.values[`${prefix}${k}`] = v;
    }
  }
}

/** The run's oracle instance (stage `oracle`, kept in memory only); `preflight` creates it the same way. */
export async function createOracle(scope: RunScope, plan: RunPlan): Promise<{ oracle: Oracle; key: string }> {
  const { value, key } = await scope.stage('oracle', { plugin: pluginKey(plan.oracle), inputs: [] }, async (ctx) => plan.oracle.plugin.create(plan.oracle.options, ctx), { plugin: plan.oracle.name, persist: false });
  return { oracle: value, key };
}

/** Samples (or reads) one data set and labels it with the oracle (CSV labels, when present, are kept). */
async function dataStage(scope: RunScope, plan: RunPlan, oracle: Oracle, oracleKey: string, set: string, source: DataSource): Promise<{ data: Dataset; key: string }> {
  const domain = oracle.domain;
  const extra = source.kind === 'sample'
    ? { set, n: source.n, domain: domainFingerprint(domain) }
    : { set, path: source.path, content: fileFingerprint(source.path), domain: domainFingerprint(domain) };
  const inputs = await scope.stage('sample', { inputs: [], extra }, async (ctx) => {
    if (source.kind === 'sample') return { x: domain.sample(source.n, ctx.rng), n: source.n, y: undefined };
    return readCsvDataset(source.path, domain);
  });
  const labeled = await scope.stage('label', { plugin: pluginKey(plan.oracle), inputs: [oracleKey, inputs.key] }, async (ctx, labeler) => {
    const { x, n, y } = inputs.value;
    return makeDataset(x, y ?? (await labelWithProgress(labeler(), x, n, ctx, set)), domain.nFeatures);
  }, { plugin: plan.oracle.name });
  return { data: labeled.value, key: labeled.key };
}

/**
 * Trains a fresh model on `data` for repeat `repeat`; in the paired design both fits of a repeat use the
 * same model seed (paired baselines), in the unpaired one the baseline has its own (repeats.ts). A
 * poisoned fit given its baseline's `baseRows` spends the spec's `sharedEpochs` on those rows alone.
 */
async function fitStage(scope: RunScope, plan: RunPlan, data: Dataset, dataKey: string, repeat: number, role: FitRole, baseRows?: number): Promise<{ trained: TrainedModel; key: string }> {
  const modelSeed = modelSeedOf(plan, repeat, role);
  const baseOnly = plan.sharedEpochs > 0 && baseRows !== undefined ? { rows: baseRows, epochs: plan.sharedEpochs } : undefined;
  const { value, key } = await scope.stage(
    'fit',
    { plugin: pluginKey(plan.model), inputs: [dataKey], extra: { modelSeed, repeat: repeat || undefined, baseOnly } },
    async (ctx) => {
      const model = await plan.model.plugin.create(plan.model.options, ctx, { nFeatures: data.nFeatures });
      if (!model.fit) throw pluginFailure({ plugin: plan.model.name, stage: 'fit' }, 'declares canTrain but its model has no fit()');
      const fit = await model.fit(data, ctx, { seed: modelSeed, baseOnly });
      return { model, fit };
    },
    { plugin: plan.model.name, rngKey: ['model', modelSeed], dispose: (t) => t.model.dispose(), codec: modelCodec(plan.model.plugin, plan.model.options, () => scope.context('fit', ['load'])) },
  );
  return { trained: value, key };
}

async function loadStage(scope: RunScope, plan: RunPlan, nFeatures: number): Promise<{ trained: TrainedModel; key: string }> {
  const { value, key } = await scope.stage('load', { plugin: pluginKey(plan.model), inputs: [] }, async (ctx) => ({ model: await plan.model.plugin.create(plan.model.options, ctx, { nFeatures }) }), { plugin: plan.model.name, dispose: (t) => t.model.dispose() });
  return { trained: value, key };
}

async function predict(model: Model, data: Dataset, plugin: string): Promise<Float64Array> {
  try {
    return checkFinite(await model.predict(data.x, data.n), data.n, 'predictions', { plugin, stage: 'evaluate' });
  } catch (e) {
    if (isRegauditError(e)) throw e;
    throw pluginFailure({ plugin, stage: 'evaluate' }, `plugin \`${plugin}\` failed to predict`, e);
  }
}

async function errorsOf(model: Model, data: Dataset, plugin: string): Promise<{ y: Float64Array; mse: number; mae: number }> {
  const y = await predict(model, data, plugin);
  return { y, ...regressionErrors(y, data.y) };
}

/** The attack's output against its contract; the base rows must come first, unchanged, when epochs are shared on them. */
function checkPoison(result: PoisonResult, base: Dataset, plugin: string, sharesEpochs: boolean): void {
  const origin = { plugin, stage: 'poison' };
  checkFinite(result.train.y, result.train.n, 'poisoned labels', origin);
  if (result.train.n < base.n) throw pluginFailure(origin, `returned ${result.train.n} training rows, fewer than the ${base.n} base rows`);
  if (sharesEpochs && !startsWithRows(result.train, base)) throw pluginFailure(origin, `returned a training set that does not start with the ${base.n} base rows unchanged, which the spec's \`sharedEpochs\` trains on alone first`);
  if (result.truth.mislabeled.length !== result.train.n || result.truth.planted.length !== result.train.n) throw pluginFailure(origin, 'ground-truth masks do not match the poisoned training set');
  checkFinite(result.attackTest.y, result.attackTest.n, 'attack test labels', origin);
}

/** True when `a` starts with `b`'s rows and labels, bit for bit. */
function startsWithRows(a: Dataset, b: Dataset): boolean {
  if (a.n < b.n || a.nFeatures !== b.nFeatures) return false;
  const bytes = (v: Float64Array, n: number) => new Uint8Array(v.buffer, v.byteOffset, n * v.BYTES_PER_ELEMENT);
  return Buffer.compare(bytes(a.x, b.n * b.nFeatures), bytes(b.x, b.n * b.nFeatures)) === 0 && Buffer.compare(bytes(a.y, b.n), bytes(b.y, b.n)) === 0;
}

/** True when two data sets hold the same rows and labels, bit for bit. */
const sameData = (a: Dataset, b: Dataset): boolean => a.n === b.n && startsWithRows(a, b);

/** Mutable chart data of a run. */
interface DetailSink {
  featureNames: readonly string[];
  region?: RunDetails['region'];
  maximizers?: MaximizerDetail;
  mitigation?: NonNullable<RunDetails['mitigation']>;
}

/** `<prefix>.mse/.mae/.below/.above` of `model` on `data`; returns the predictions' errors. */
async function evaluateSet(m: MetricSink, prefix: string, model: Model, data: Dataset, plugin: string): Promise<{ y: Float64Array; mse: number }> {
  const e = await errorsOf(model, data, plugin);
  m.put(`${prefix}.mse`, e.mse);
  m.put(`${prefix}.mae`, e.mae);
  const split = ratioSplit(e.y, data.y);
  m.put(`${prefix}.below`, split.below);
  m.put(`${prefix}.above`, split.above);
  return e;
}

/** The attack's metrics: drift against the paired baseline, planted counts, and the attack test set. */
async function evaluateAttack(m: MetricSink, details: DetailSink, r: PoisonResult, model: Model, baseline: Model | undefined, clean: { mse: number }, test: Dataset, plugin: string): Promise<void> {
  if (baseline) {
    const b = await errorsOf(baseline, test, plugin);
    m.put('baseline.clean.mse', b.mse);
    m.put('baseline.clean.mae', b.mae);
    m.put('clean.mseDrift', clean.mse / b.mse - 1);
    m.put('clean.mseDelta', clean.mse - b.mse);
  }
  m.put('attack.nAttack', countOnes(r.truth.mislabeled));
  m.put('attack.nClean', countOnes(r.truth.planted));
  if (r.attackTest.n > 0) {
    const a = await evaluateSet(m, 'attack', model, r.attackTest, plugin);
    if (r.target) m.put('attack.successRate', successRate(a.y, r.attackTest.y, r.target.multiplier, r.target.tolerance));
  }
  if (r.region) details.region = { lower: [...r.region.lower], upper: [...r.region.upper] };
}

/** What the search and the defenses work on. */
interface Audited {
  readonly plan: RunPlan;
  readonly scope: RunScope;
  readonly oracleKey: string;
  readonly domain: Domain;
  readonly model: Model;
  readonly modelKey: string;
  readonly train?: { data: Dataset; key: string };
  readonly test: { data: Dataset; key: string };
  readonly poison?: { result: PoisonResult; key: string };
}

/** The maximizer search, once per run (shared by the defenses); `search.*` metrics and chart data. */
async function searchStage(a: Audited, options: SearchOptions, m: MetricSink, details: DetailSink): Promise<{ value: Maximizers; key: string }> {
  const region = a.poison?.result.region;
  const { value, key } = await a.scope.stage(
    'search',
    { plugin: { name: 'search', version: REGAUDIT_VERSION, options }, inputs: [a.modelKey, a.train?.key ?? '', a.oracleKey], extra: { region } },
    async (ctx, labeler) => findMaximizers({ model: a.model, labeler: labeler('search'), domain: a.domain, train: a.train?.data, region }, options, ctx),
  );
  m.putFromPlugin('', value.metrics, { plugin: 'search', stage: 'search' });
  const mx = value.maximizers;
  details.maximizers = {
    x: Array.from({ length: mx.n }, (_, i) => Array.from(mx.x.subarray(i * mx.nFeatures, (i + 1) * mx.nFeatures))),
    absError: Array.from(mx.absError),
    concentration: {},
    flagged: {},
  };
  return { value: mx, key };
}

/** Each defense: detect, score its suspects against the ground truth, mitigate when its options say so. */
async function defendStages(a: Audited, m: MetricSink, details: DetailSink, maximizers: { value: Maximizers; key: string } | undefined, oracle: Oracle): Promise<void> {
  const { plan, scope, poison } = a;
  const validation = await dataStage(scope, plan, oracle, a.oracleKey, 'validation', plan.data.validation);
  const input = {
    model: a.model,
    modelPlugin: plan.model.plugin,
    modelOptions: plan.model.options,
    train: a.train?.data,
    domain: a.domain,
    maximizers: maximizers?.value,
    validation: validation.data,
    evaluation: { clean: a.test.data, attack: poison && poison.result.attackTest.n > 0 ? poison.result.attackTest : undefined },
  };
  const inputs = [a.modelKey, a.train?.key ?? '', maximizers?.key ?? '', validation.key, a.test.key, poison?.key ?? ''];
  for (const d of plan.defenses) {
    const name = d.name;
    const stageName = `defense.${name}`;
    const before = scope.accounting.total().calls;
    const detection = await scope.stage<Detection>(stageName, { plugin: pluginKey(d), inputs }, async (ctx, labeler) => d.plugin.detect({ ...input, labeler: labeler(stageName) }, d.options, ctx), { plugin: name });
    const det = detection.value;
    m.putFromPlugin(`${stageName}.`, det.metrics, { plugin: name, stage: stageName });
    m.put(`${stageName}.flagged`, det.flagged.length);
    m.put(`${stageName}.suspects`, det.suspects.length);
    if (poison) {
      const counts = suspectCounts(det.suspects, poison.result.truth);
      for (const rate of ['tpr', 'fpr', 'precision'] as const) m.putCount(`${stageName}.${rate}`, counts[rate]);
    }
    if (details.maximizers) {
      if (det.scores) details.maximizers.concentration[name] = Array.from(det.scores.concentration);
      details.maximizers.flagged[name] = Array.from(det.flagged);
    }
    if (d.options.mitigate === true && d.plugin.mitigate) {
      const mitigation = await scope.stage<Mitigation>(`${stageName}.mitigate`, { plugin: pluginKey(d), inputs: [detection.key] }, async (ctx, labeler) => d.plugin.mitigate!({ ...input, labeler: labeler(stageName) }, det, d.options, ctx), { plugin: name });
      m.putFromPlugin(`${stageName}.mitigated.`, mitigation.value.chosen, { plugin: name, stage: `${stageName}.mitigate` });
      details.mitigation = { ...details.mitigation, [name]: mitigation.value.points.map((p) => ({ alpha: p.alpha, variant: p.variant, metrics: { ...p.metrics } })) };
    }
    m.put(`${stageName}.oracleCalls`, scope.accounting.total().calls - before);
  }
}

/** What one repeat of a run measured: its metrics, the counts behind its rates, its chart data. */
export interface RepeatResult extends RepeatMetrics {
  readonly counts: Record<string, Count>;
  readonly details: RunDetails;
}

/** Everything after the oracle: data, poison, model(s), metrics, search and defenses. */
async function pipeline(scope0: RunScope, plan: RunPlan, repeat: number): Promise<RepeatResult> {
  const { oracle, key: oracleKey } = await createOracle(scope0, plan);
  const scope = scope0.withOracle(oracle, plan.oracle.name);
  const domain = oracle.domain;
  const m = new MetricSink();
  const details: DetailSink = { featureNames: domain.featureNames };
  const trainable = plan.model.plugin.canTrain;

  // Training data: sampled for trainable models; for imported ones only a file says what they saw.
  const base = trainable || plan.data.train.kind === 'csv' ? await dataStage(scope, plan, oracle, oracleKey, 'train', plan.data.train) : undefined;
  const test = await dataStage(scope, plan, oracle, oracleKey, 'test', plan.data.test);

  let poison: { result: PoisonResult; key: string } | undefined;
  if (plan.attack && base) {
    const attack = plan.attack;
    const { value, key } = await scope.stage('poison', { plugin: pluginKey(attack), inputs: [base.key] }, async (ctx, labeler) => attack.plugin.poison({ train: base.data, domain, labeler: labeler('poison') }, attack.options, ctx), { plugin: attack.name });
    checkPoison(value, base.data, attack.name, plan.sharedEpochs > 0);
    poison = { result: value, key };
  }
  // A poison that changed nothing (a control row, nAttack = nClean = 0) trains nothing new: the audited
  // model is the baseline itself.
  const train = poison && !sameData(poison.result.train, base!.data) ? { data: poison.result.train, key: poison.key } : base;

  let audited: { trained: TrainedModel; key: string };
  let baseline: TrainedModel | undefined;
  if (trainable) {
    // The audited model first: the baseline is shared by every row of a sweep, so while one worker
    // trains it, the others train their own rows instead of waiting on its compute lock.
    audited = await fitStage(scope, plan, train!.data, train!.key, repeat, 'audited', train === base ? undefined : base!.data.n);
    if (poison) baseline = (await fitStage(scope, plan, base!.data, base!.key, repeat, 'baseline')).trained;
  } else {
    audited = await loadStage(scope, plan, domain.nFeatures);
  }
  const model = audited.trained.model;

  if (train) {
    const t = await errorsOf(model, train.data, plan.model.name);
    m.put('train.mse', t.mse);
    m.put('train.mae', t.mae);
  }
  if (audited.trained.fit) {
    m.put('train.epochs', audited.trained.fit.epochs);
    m.put('train.seconds', audited.trained.fit.seconds);
  }
  const clean = await evaluateSet(m, 'clean', model, test.data, plan.model.name);
  if (poison) await evaluateAttack(m, details, poison.result, model, baseline?.model, clean, test.data, plan.model.name);

  const a: Audited = { plan, scope, oracleKey, domain, model, modelKey: audited.key, train, test, poison };
  const maximizers = plan.search ? await searchStage(a, plan.search, m, details) : undefined;
  if (plan.defenses.length) await defendStages(a, m, details, maximizers, oracle);

  const total = scope.accounting.total();
  m.put('oracle.calls', total.calls);
  m.put('oracle.seconds', total.seconds);
  return { metrics: m.values, counts: m.counts, details };
}

/** The report form of an error that ended a run. */
export function runErrorOf(e: unknown): RunError {
  if (isRegauditError(e)) {
    const cause = (e as Error).cause;
    return {
      code: e.code,
      message: e.message,
      ...(e.origin.plugin ? { plugin: e.origin.plugin } : {}),
      ...(e.origin.stage ? { stage: e.origin.stage } : {}),
      ...(cause !== undefined ? { cause: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause) } : {}),
      exitCode: e.exitCode === ExitCode.badInput ? ExitCode.badInput : ExitCode.runtime,
    };
  }
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), ...(e instanceof Error && e.stack ? { cause: e.stack } : {}), exitCode: ExitCode.runtime };
}

/** Executes repeat `repeat` of `plan` in this thread. */
export function executeRepeat(plan: RunPlan, env: EngineEnv, repeat: number): Promise<RepeatResult> {
  return pipeline(new RunScope(env, repeatLabel(plan, repeat), plan.seed), plan, repeat);
}

/**
 * Executes one run: its `plan.repeats` trainings concurrently (sharing data, labels and poison through
 * the stage runner), combined into mean metrics and their statistics (details from repeat 0). Each
 * repeat runs through `runRepeat` (default: in this thread; the worker pool sends each to a thread of
 * its own). Never throws: an error in any repeat becomes an errored run (its `error`, with the exit code
 * it gives).
 */
export async function executeRun(plan: RunPlan, env: EngineEnv, runRepeat = (repeat: number) => executeRepeat(plan, env, repeat)): Promise<RunReport> {
  const started = performance.now();
  const head = { id: plan.id, index: plan.index, params: plan.params };
  // Every repeat's current stage listens to the run's abort signal (withDeadline): room for one each,
  // returned when the run ends (runs executed concurrently in one process share the signal).
  setMaxListeners(getMaxListeners(env.signal) + plan.repeats, env.signal);
  try {
    const settled = await Promise.allSettled(Array.from({ length: plan.repeats }, (_, r) => runRepeat(r)));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const parts = settled.map((s) => (s as PromiseFulfilledResult<RepeatResult>).value);
    const { metrics, stats, partial } = combineRepeats(parts, metricRange);
    return { ...head, status: 'ok', metrics, ...(Object.keys(stats).length ? { stats } : {}), ...(Object.keys(partial).length ? { partial } : {}), seconds: (performance.now() - started) / 1000, details: parts[0]!.details };
  } catch (e) {
    const status = env.signal.aborted ? 'interrupted' : 'errored';
    return { ...head, status, metrics: {}, error: runErrorOf(e), seconds: (performance.now() - started) / 1000 };
  } finally {
    setMaxListeners(getMaxListeners(env.signal) - plan.repeats, env.signal);
  }
}
