/**
 * Validates a parsed spec against schema/audit-spec.schema.json and every named plugin's options
 * schema (ajv, all errors at once, defaults filled), checks gates against the metric registry and the
 * model's capabilities, expands the sweep and resolves each run's fully-populated configuration.
 * Every problem becomes one paragraph (exit 2) naming the file, line, field path and fix.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, normalize, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { AttackPlugin } from '../core/attack.ts';
import type { DefensePlugin } from '../core/defense.ts';
import { invalidSpec, isRegauditError, modelCannotTrain, type RegauditError } from '../core/errors.ts';
import type { ModelPlugin } from '../core/model.ts';
import type { OraclePlugin } from '../core/oracle.ts';
import { staysInside } from '../core/paths.ts';
import type { ReporterPlugin } from '../core/reporter.ts';
import type { SearchOptions } from '../search/options.ts';
import { isRelativeGate, runMatches } from '../engine/gates.ts';
import { exactMetricNames, lookupMetric, METRICS } from '../engine/metric-registry.ts';
import { checkOptions, validatorFor } from './ajv.ts';
import { checkInputFile, inputRoots, resolveFileOptions } from './files.ts';
import { explainAjvErrors, formatPath, show, type Problem, type SpecPath } from './explain.ts';
import { loadSpecFile, type LoadedSpec } from './load.ts';
import { bundledPlugins, resolvePlugin, type PluginRegistry } from './registry.ts';
import { specSchema } from './schemas.ts';
import { suggestionText } from './suggest.ts';
import { withSpecPlugins, type TrustPolicy } from './trust.ts';
import { expandSweep, paramTarget, setAt, type RunParams } from './sweep.ts';
import type { AuditSpec, Gate, PluginRef } from './types.generated.ts';

/** A plugin with its resolved (fully-populated) options. */
export interface ResolvedPlugin<P> {
  readonly name: string;
  readonly plugin: P;
  readonly options: Record<string, unknown>;
}

/** Where a data set comes from: samples drawn from the domain, or a CSV file (absolute path). */
export type DataSource = { readonly kind: 'sample'; readonly n: number } | { readonly kind: 'csv'; readonly path: string };

/** Everything one run needs, fully resolved. */
export interface RunPlan {
  /** `run-<index>`, in sweep order. */
  readonly id: string;
  readonly index: number;
  /** Sweep coordinates as written in the spec (before `--scale`). */
  readonly params: RunParams;
  readonly seed: number;
  /** Trainings of the run (seeds derived from `seed` and the repeat index). */
  readonly repeats: number;
  /** Whether the baseline shares each repeat's model seed (`paired`) or gets its own (`unpaired`). */
  readonly design: 'paired' | 'unpaired';
  /** Epochs the poisoned model trains on the base rows alone, as its paired baseline does (0: none). */
  readonly sharedEpochs: number;
  readonly data: { readonly train: DataSource; readonly test: DataSource; readonly validation: DataSource };
  readonly oracle: ResolvedPlugin<OraclePlugin<any>>;
  readonly model: ResolvedPlugin<ModelPlugin<any>>;
  readonly attack?: ResolvedPlugin<AttackPlugin<any>>;
  /** Resolved search options when the run searches for maximizers. */
  readonly search?: SearchOptions;
  readonly defenses: readonly ResolvedPlugin<DefensePlugin<any>>[];
}

/** A validated spec, ready to run. */
export interface ResolvedSpec {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  /** The spec seed after `--seed`. */
  readonly seed: number;
  readonly scale: number;
  /** Trainings per run, after `--repeats`. */
  readonly repeats: number;
  readonly design: 'paired' | 'unpaired';
  /** Epochs each poisoned model trains on the base rows alone, as its paired baseline does (0: none). */
  readonly sharedEpochs: number;
  /** Whether an inconclusive gate verdict fails the build. */
  readonly inconclusive: 'fail' | 'pass';
  readonly gates: readonly Gate[];
  readonly runs: readonly RunPlan[];
  /** The spec's `reporters` (used when the command line names none); empty when the spec has none. */
  readonly reporters: readonly ResolvedPlugin<ReporterPlugin<any>>[];
}

/** Options of `validateSpec`. */
export interface ValidateOptions {
  readonly registry?: PluginRegistry;
  /** Overrides the spec's seed (`--seed`). */
  readonly seed?: number;
  /** Multiplies data counts and each attack's `scaledOptions` (`--scale`). Default 1. */
  readonly scale?: number;
  /** Overrides the spec's `repeats` (`--repeats`). */
  readonly repeats?: number;
  /** Which module and package plugins may be imported (readSpec) and which directories input files may lie in besides the working directory and the spec's; none when absent. */
  readonly trust?: TrustPolicy;
}

const SPEC_PROBLEM_LIMIT = 8;

function specError(loaded: LoadedSpec, problems: readonly Problem[]): RegauditError {
  const at = (p: Problem): string => {
    const pos = loaded.locate(p.path);
    return `${formatPath(p.path)}${pos ? ` (line ${pos.line})` : ''}`;
  };
  const first = problems[0]!;
  const pos = loaded.locate(first.path);
  const head = `${loaded.file}${pos ? `:${pos.line}:${pos.column}` : ''}: ${formatPath(first.path)}: ${first.message}`;
  const rest = problems.slice(1, SPEC_PROBLEM_LIMIT).map((p) => `${at(p)}: ${p.message}`);
  const more = problems.length > SPEC_PROBLEM_LIMIT ? ` (and ${problems.length - SPEC_PROBLEM_LIMIT} more)` : '';
  const tail = rest.length ? ` ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}: ${rest.join(' ')}${more}` : '';
  const origin = { file: loaded.file, path: formatPath(first.path), line: pos?.line, column: pos?.column };
  return invalidSpec(origin, `${head}${tail}`, problems.some((p) => p.aboutPlugin));
}

/** Spec keys holding a plugin reference (`{use, with}`, or a list of them). */
const PLUGIN_REF_KEYS = ['oracle', 'model', 'attack', 'defenses', 'reporters'];

/**
 * Whether a spec-schema problem at `path` concerns a plugin: it lies in a plugin reference's `use` or
 * `with`, or at a sweep key that sets a plugin option (`model.epochs`, `defenses.gmm.kMin`).
 */
function concernsPlugin(path: SpecPath): boolean {
  const [root, first, second] = path;
  if (root === 'sweep') {
    const key = typeof first === 'string' ? first : second;
    return typeof key === 'string' && PLUGIN_REF_KEYS.includes(key.split('.')[0]!);
  }
  const field = root === 'defenses' || root === 'reporters' ? second : first;
  return PLUGIN_REF_KEYS.includes(String(root)) && (field === 'use' || field === 'with');
}

/** A copy of an attack's options with its sample counts (`scaledOptions`) multiplied by `scale` and rounded. */
function scaledOptions(attack: Pick<AttackPlugin, 'scaledOptions'>, options: Record<string, unknown>, scale: number): Record<string, unknown> {
  const scaled = { ...options };
  for (const k of attack.scaledOptions) if (typeof scaled[k] === 'number') scaled[k] = Math.round((scaled[k] as number) * scale);
  return scaled;
}

/** Problems of the spec schema, each flagged `aboutPlugin` when it concerns a plugin. */
function specSchemaProblems(errors: readonly ErrorObject[]): Problem[] {
  return explainAjvErrors(errors).map((p) => (concernsPlugin(p.path) ? { ...p, aboutPlugin: true } : p));
}

function pluginOf<K extends keyof PluginRegistry>(registry: PluginRegistry, kind: K, ref: PluginRef, path: SpecPath, problems: Problem[]): PluginRegistry[K][string] | undefined {
  try {
    const plugin = resolvePlugin(registry, kind, ref.use);
    problems.push(...checkOptions(plugin.optionsSchema, ref.with, [...path, 'with']));
    return plugin;
  } catch (e) {
    if (!isRegauditError(e)) throw e;
    problems.push({ path: [...path, 'use'], message: e.message, aboutPlugin: true });
    return undefined;
  }
}

function dataSource(value: number | { path: string }, file: string, scale: number): DataSource {
  if (typeof value === 'number') return { kind: 'sample', n: Math.round(value * scale) };
  return { kind: 'csv', path: resolve(dirname(file), value.path) };
}

/** The input files of a run with their field paths: data CSVs and plugins' file options (absolute paths). */
function inputFiles(plan: RunPlan): [SpecPath, string][] {
  const files: [SpecPath, string][] = [];
  for (const set of ['train', 'test', 'validation'] as const) {
    const source = plan.data[set];
    if (source.kind === 'csv') files.push([['data', set, 'path'], source.path]);
  }
  type Use = ResolvedPlugin<{ readonly fileOptions?: readonly string[] }>;
  const uses: [SpecPath, Use | undefined][] = [[['oracle', 'with'], plan.oracle], [['model', 'with'], plan.model], [['attack', 'with'], plan.attack], ...plan.defenses.map((d, i): [SpecPath, Use] => [['defenses', i, 'with'], d])];
  for (const [path, use] of uses) {
    for (const option of use?.plugin.fileOptions ?? []) {
      const file = use!.options[option];
      if (typeof file === 'string') files.push([[...path, option], file]);
    }
  }
  return files;
}

/**
 * Input files of a run that do not exist, and data CSVs that are directories (read only once the run
 * starts, they would fail then). A plugin's file option may name a directory (tfjs-file's model folder).
 */
function missingFiles(files: readonly [SpecPath, string][]): Problem[] {
  return files.flatMap(([path, file]): Problem[] => {
    if (!existsSync(file)) return [{ path, message: `no file at ${file} (relative paths are relative to the spec file).` }];
    if (path[0] === 'data' && statSync(file).isDirectory()) return [{ path, message: `${file} is a directory, not a CSV file. Give the path of a .csv file.` }];
    return [];
  });
}

/**
 * Problems of reporters' output options (the plugin's declared `outputOptions`): each must be a
 * relative path inside the report directory, so a spec cannot make a reporter overwrite other files,
 * and not `report.json`, the contract the json reporter always writes.
 */
function outputProblems(reporters: readonly (ReporterPlugin<any> | undefined)[], refs: readonly PluginRef[]): Problem[] {
  const problems: Problem[] = [];
  reporters.forEach((reporter, i) => {
    for (const option of reporter?.outputOptions ?? []) {
      const file = (refs[i]!.with as Record<string, unknown> | undefined)?.[option];
      if (typeof file !== 'string') continue;
      if (!staysInside(file)) {
        const example = basename(file) || 'out.txt';
        problems.push({ path: ['reporters', i, 'with', option], message: `\`${file}\` is not inside the report directory (<out>/<spec name>/), the only place a reporter writes. Give a relative path without \`..\`, such as \`${example}\` or \`ci/${example}\`.` });
      } else if (/(^|\/)\.?$/.test(file)) {
        const name = (reporter!.optionsSchema.properties as Record<string, { default?: unknown }> | undefined)?.[option]?.default ?? 'out.txt';
        problems.push({ path: ['reporters', i, 'with', option], message: `\`${file}\` names a directory, not a file. Give a file name, such as \`${file.replace(/\/?\.?$/, '')}/${String(name)}\`.` });
      } else if (normalize(file) === 'report.json') {
        problems.push({ path: ['reporters', i, 'with', option], message: '`report.json` is the report contract the json reporter always writes in the report directory; another reporter writing it would overwrite it (or be overwritten). Give another file name.' });
      }
    }
  });
  return problems;
}

/** Names of the metric families a spec can produce, for gate checks. */
function gateProblems(spec: AuditSpec, searches: boolean, sweepKeys: ReadonlySet<string>, attackPlugin: Pick<AttackPlugin, 'name' | 'hasTarget'> | undefined): Problem[] {
  const problems: Problem[] = [];
  const defenseNames = (spec.defenses ?? []).map((d) => d.use);
  (spec.gates ?? []).forEach((gate, i) => {
    const path = ['gates', i, 'metric'];
    const metric = gate.metric;
    if (!lookupMetric(metric)) {
      const candidates = [...exactMetricNames(), ...defenseNames.flatMap((d) => ['flagged', 'suspects', 'tpr', 'fpr', 'precision'].map((k) => `defense.${d}.${k}`))];
      const hint = suggestionText(metric, candidates) || ` Known metrics: ${METRICS.map((x) => x.name).join(', ')}.`;
      problems.push({ path, message: `unknown metric \`${metric}\`.${hint}` });
      return;
    }
    const family = metric.split('.')[0];
    if (attackPlugin?.hasTarget === false && UNTARGETED_ABSENT.test(metric)) {
      problems.push({ path, message: `metric \`${metric}\` is never reported with attack \`${attackPlugin.name}\`, which plants no mislabeled rows and has no attack test set; gate on \`clean.mseDrift\` or a detector's \`flagged\`, \`suspects\` or \`fpr\` instead.` });
    }
    if (!spec.attack && (family === 'attack' || metric === 'clean.mseDrift' || family === 'baseline')) {
      problems.push({ path, message: `metric \`${metric}\` needs an attack, but the spec has no \`attack\`.` });
    }
    if (family === 'search' && !searches) problems.push({ path, message: `metric \`${metric}\` needs the maximizer search; add a \`search\` key or a defense that uses maximizers.` });
    if (family === 'defense') {
      const name = metric.split('.')[1]!;
      if (!defenseNames.includes(name)) problems.push({ path, message: `metric \`${metric}\` reads defense \`${name}\`, which the spec does not use.${suggestionText(name, defenseNames)}` });
    }
    if (isRelativeGate(gate) && lookupMetric(metric)!.values === 'signed') {
      problems.push({ path: ['gates', i], message: `\`${metric}\` can be negative, and a change relative to a negative baseline value flips direction (a drift of -0.02 falling to -0.07 would read as a 250% rise); bound it with \`min\`/\`max\` instead of \`maxIncrease\`/\`maxDecrease\`.` });
    }
    if (gate.min !== undefined && gate.max !== undefined && gate.min > gate.max) {
      problems.push({ path: ['gates', i], message: `\`min\` ${gate.min} is above \`max\` ${gate.max}, so the gate can never pass; swap them or drop one.` });
    }
    if ((gate.on ?? 'mean') !== 'mean' && (spec.repeats ?? 1) < 2 && !/^defense\.[^.]+\.(tpr|fpr|precision)$/.test(metric)) {
      problems.push({ path: ['gates', i, 'on'], message: `\`on: ${gate.on}\` reads a 95% confidence limit of \`${metric}\`, which needs repeated trainings; set \`repeats: 3\` (or more) or pass \`--repeats 3\`.` });
    }
    for (const key of Object.keys(gate.where ?? {})) {
      if (!sweepKeys.has(key)) problems.push({ path: ['gates', i, 'where', key], message: `\`where\` names \`${key}\`, which is not a sweep parameter.${suggestionText(key, [...sweepKeys])}${sweepKeys.size ? ` Sweep parameters: ${[...sweepKeys].join(', ')}.` : ' The spec has no sweep.'}` });
    }
  });
  return problems;
}

/** Metrics an attack without a target (`hasTarget: false`) never lets a run report. */
const UNTARGETED_ABSENT = /^(attack\.(below|above|mse|mae|successRate)|defense\.[^.]+\.tpr)$/;

/** A sample count as the spec wrote it, with the `--scale` that rounded it (for messages). */
function asWritten(written: number | { path: string }, scale: number): string {
  return `${show(written)}${scale !== 1 ? ` at --scale ${scale}` : ''}`;
}

/**
 * How to mend a sample count that is 0 as run: when the spec's own count is positive, `--scale` rounded
 * it away (counts are rounded to the nearest integer), so the fix is a larger scale; else more rows.
 */
function moreRows(written: number | { path: string }, scale: number, quickstartRows: number): string {
  if (typeof written === 'number' && written > 0 && Math.round(written * scale) === 0) {
    // the smallest scale that keeps one row, rounded up to two significant digits
    const least = 0.5 / written, unit = 10 ** (Math.floor(Math.log10(least)) - 1);
    return `raise --scale to at least ${+(Math.ceil(least / unit) * unit).toPrecision(2)}, or give it more rows`;
  }
  return `give it more rows (the quickstart uses ${quickstartRows})`;
}

/** A trained model given no training rows (`data.train: 0`, or a count that `--scale` rounds to 0). */
function emptyTraining(plan: RunPlan, written: number | { path: string }, scale: number): Problem[] {
  if (!plan.model.plugin.canTrain || plan.data.train.kind !== 'sample' || plan.data.train.n > 0) return [];
  return [{ path: ['data', 'train'], message: `model \`${plan.model.name}\` is trained, but the training set would have 0 rows (${asWritten(written, scale)}); ${moreRows(written, scale, 6000)}.` }];
}

/** `run-1 (attack.nAttack = 300)`: a run and its sweep coordinates. */
function runLabel(id: string, params: RunParams): string {
  return `${id} (${Object.entries(params).map(([k, v]) => `${k} = ${show(v)}`).join(', ')})`;
}

/**
 * Runs whose poisoned model would share every epoch it trains with its baseline, never visiting the
 * attack rows; placed at `sharedEpochs`, naming the first such run only when others are fine.
 */
function sharedEpochsCoverTraining(runs: readonly RunPlan[]): Problem[] {
  const epochsOf = (plan: RunPlan): number | undefined => plan.model.plugin.epochsOf?.(plan.model.options);
  const over = runs.filter((plan) => plan.attack && plan.sharedEpochs > 0 && plan.sharedEpochs >= (epochsOf(plan) ?? Infinity));
  if (!over.length) return [];
  const first = over[0]!, epochs = epochsOf(first)!;
  const where = over.length < runs.length ? ` in ${runLabel(first.id, first.params)}${over.length > 1 ? ` (and ${over.length - 1} more runs)` : ''}` : '';
  return [{ path: ['sharedEpochs'], message: `${first.sharedEpochs} is not below the ${epochs} epochs model \`${first.model.name}\` trains${where}, so the poisoned model would never visit the attack rows. Set \`sharedEpochs\` below ${epochs} (the quickstart shares 15 of 60).` }];
}

/** A gate on a clean-test metric of a run whose clean test set is empty (`data.test: 0`, or rounded to 0 by `--scale`). */
function emptyTestSet(plan: RunPlan, gates: readonly Gate[], written: number | { path: string }, scale: number): Problem[] {
  if (plan.data.test.kind !== 'sample' || plan.data.test.n > 0) return [];
  const gate = gates.find((g) => /^(baseline\.)?clean\./.test(g.metric) && runMatches(plan, g.where));
  if (!gate) return [];
  return [{ path: ['data', 'test'], message: `a gate reads \`${gate.metric}\`, measured on the clean test set, but the test set would have 0 rows (${asWritten(written, scale)}); ${moreRows(written, scale, 10000)}.` }];
}

/** A defense listed twice: both would write the same `defense.<name>.*` metrics, and one set would be lost. */
function repeatedDefenseProblems(defenses: readonly ({ readonly name: string } | undefined)[]): Problem[] {
  const problems: Problem[] = [];
  defenses.forEach((d, i) => {
    const first = defenses.findIndex((other) => other?.name === d?.name);
    if (d && first < i) {
      problems.push({ path: ['defenses', i, 'use'], message: `defense \`${d.name}\` is listed twice (also defenses[${first}]); both would report as \`defense.${d.name}.*\`, so one would be lost. List each defense once; to compare its options, sweep them (\`sweep: { defenses.${d.name}.<option>: [a, b] }\`).`, aboutPlugin: true });
    }
  });
  return problems;
}

/** `sharedEpochs` where it cannot apply: an unpaired design, or a model whose fit cannot share epochs. */
function sharedEpochsProblems(spec: Pick<AuditSpec, 'sharedEpochs' | 'design'>, model: ModelPlugin<unknown> | undefined): Problem[] {
  if (!spec.sharedEpochs) return [];
  if (spec.design === 'unpaired') return [{ path: ['sharedEpochs'], message: 'applies to the paired design only (an unpaired baseline trains from its own seed, so there is no common training to share). Remove `sharedEpochs`, or set `design: paired`.' }];
  if (model && !model.canShareEpochs) return [{ path: ['sharedEpochs'], message: `model \`${model.name}\` does not declare \`canShareEpochs\`: its fit cannot train on the base rows alone first. Remove \`sharedEpochs\`, or use a model that can (the bundled mlp).`, aboutPlugin: true }];
  return [];
}

/** Unknown plugin names in a spec that failed the schema, so one message lists them too. */
function pluginNameProblems(registry: PluginRegistry, raw: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const check = (kind: keyof PluginRegistry, ref: unknown, path: SpecPath): void => {
    const use = (ref as { use?: unknown } | null)?.use;
    if (typeof use !== 'string') return;
    try {
      resolvePlugin(registry, kind, use);
    } catch (e) {
      if (!isRegauditError(e)) throw e;
      problems.push({ path: [...path, 'use'], message: e.message, aboutPlugin: true });
    }
  };
  for (const kind of ['oracle', 'model', 'attack'] as const) if (raw[kind] !== undefined) check(kind, raw[kind], [kind]);
  if (Array.isArray(raw.defenses)) raw.defenses.forEach((d, i) => check('defense', d, ['defenses', i]));
  if (Array.isArray(raw.reporters)) raw.reporters.forEach((r, i) => check('reporter', r, ['reporters', i]));
  return problems;
}

/** Validates a loaded spec and resolves its runs; throws one RegauditError (exit 2) listing every problem. */
export function validateSpec(loaded: LoadedSpec, options: ValidateOptions = {}): ResolvedSpec {
  const registry = options.registry ?? bundledPlugins;
  const scale = options.scale ?? 1;
  const spec = structuredClone(loaded.raw) as unknown as AuditSpec;
  const validateTop = validatorFor(specSchema);
  if (!validateTop(spec)) throw specError(loaded, [...specSchemaProblems(validateTop.errors ?? []), ...pluginNameProblems(registry, loaded.raw)]);
  if (options.seed !== undefined) spec.seed = options.seed;
  if (options.repeats !== undefined) spec.repeats = options.repeats;

  const problems: Problem[] = [];
  const oracle = pluginOf(registry, 'oracle', spec.oracle, ['oracle'], problems);
  const model = pluginOf(registry, 'model', spec.model, ['model'], problems);
  const attack = spec.attack ? pluginOf(registry, 'attack', spec.attack, ['attack'], problems) : undefined;
  const defenses = (spec.defenses ?? []).map((d, i) => pluginOf(registry, 'defense', d, ['defenses', i], problems));
  const reporters = (spec.reporters ?? []).map((r, i) => pluginOf(registry, 'reporter', r, ['reporters', i], problems));
  problems.push(...outputProblems(reporters, spec.reporters ?? []));
  problems.push(...repeatedDefenseProblems(defenses));
  problems.push(...sharedEpochsProblems(spec, model));
  const searches = spec.search !== undefined || defenses.some((d) => d?.needs.maximizers);
  if (searches && spec.search === undefined) spec.search = {};

  const roots = inputRoots(loaded.file, options.trust?.allowData);
  const sweepParams = expandSweep(spec.sweep);
  const sweepKeys = new Set(sweepParams.flatMap((p) => Object.keys(p)));
  problems.push(...gateProblems(spec, searches, sweepKeys, attack));
  if (problems.length) throw specError(loaded, problems);

  if (model && !model.canTrain) {
    if (spec.attack) throw modelCannotTrain(model.name, { file: loaded.file, path: 'attack' }, 'the spec plants an attack, which needs training a poisoned model');
    defenses.forEach((d, i) => {
      if (d?.needs.training && spec.defenses![i]!.with?.['mitigate' as never]) {
        throw modelCannotTrain(model.name, { file: loaded.file, path: `defenses[${i}].with.mitigate` }, `defense \`${d.name}\` mitigates by retraining`);
      }
    });
  }

  if (model && !model.canTrain && typeof spec.data?.train !== 'object') {
    defenses.forEach((d, i) => {
      if (d?.needs.trainingInputs) problems.push({ path: ['defenses', i, 'use'], message: `defense \`${d.name}\` needs the training inputs, but model \`${model.name}\` is imported, so regaudit cannot know its training set. Give it as \`data: {train: {path: file.csv}}\`.`, aboutPlugin: true });
    });
  }
  const targets = new Map<string, SpecPath>();
  for (const key of sweepKeys) {
    try {
      targets.set(key, paramTarget(spec as unknown as Record<string, unknown>, key, {}));
    } catch (e) {
      if (!isRegauditError(e)) throw e;
      problems.push({ path: ['sweep', key], message: e.message, ...(concernsPlugin(['sweep', key]) && { aboutPlugin: true as const }) });
    }
  }
  if (problems.length) throw specError(loaded, problems);

  const runs = sweepParams.map((params, index): RunPlan => {
    const id = `run-${index}`;
    const runSpec = structuredClone(spec);
    delete runSpec.sweep;
    for (const [key, value] of Object.entries(params)) setAt(runSpec as unknown as Record<string, unknown>, targets.get(key)!, value);
    // The sweep key whose value set the problem's field (else the first), to point at its line.
    const keyOf = (p: Pick<Problem, 'path'>): string | undefined => Object.keys(params).find((key) => targets.get(key)!.every((segment, k) => p.path[k] === segment));
    const sweepEntry = (p: Pick<Problem, 'path'>): SpecPath => {
      const key = keyOf(p);
      if (Array.isArray(spec.sweep)) return key === undefined ? ['sweep', index] : ['sweep', index, key];
      return ['sweep', key ?? Object.keys(params)[0] ?? ''];
    };
    const where = (p: Problem): Problem => ({ path: sweepEntry(p), message: `in ${runLabel(id, params)}, ${formatPath(p.path)}: ${p.message}`, ...(p.aboutPlugin && { aboutPlugin: true as const }) });
    const runProblems: Problem[] = [];
    if (!validateTop(runSpec)) runProblems.push(...specSchemaProblems(validateTop.errors ?? []));
    runProblems.push(...checkOptions(oracle!.optionsSchema, runSpec.oracle.with, ['oracle', 'with']));
    runProblems.push(...checkOptions(model!.optionsSchema, runSpec.model.with, ['model', 'with']));
    if (attack) runProblems.push(...checkOptions(attack.optionsSchema, runSpec.attack!.with, ['attack', 'with']));
    runSpec.defenses!.forEach((d, i) => runProblems.push(...checkOptions(defenses[i]!.optionsSchema, d.with, ['defenses', i, 'with'])));
    if (runProblems.length) throw specError(loaded, runProblems.map(where));
    const data = runSpec.data!;
    const plan: RunPlan = {
      id,
      index,
      params,
      seed: runSpec.seed!,
      repeats: spec.repeats!,
      design: spec.design!,
      sharedEpochs: spec.sharedEpochs!,
      data: { train: dataSource(data.train!, loaded.file, scale), test: dataSource(data.test!, loaded.file, scale), validation: dataSource(data.validation!, loaded.file, scale) },
      oracle: { name: oracle!.name, plugin: oracle!, options: resolveFileOptions(oracle!, runSpec.oracle.with as Record<string, unknown>, loaded.file) },
      model: { name: model!.name, plugin: model!, options: resolveFileOptions(model!, runSpec.model.with as Record<string, unknown>, loaded.file) },
      attack: attack ? { name: attack.name, plugin: attack, options: resolveFileOptions(attack, scaledOptions(attack, runSpec.attack!.with as Record<string, unknown>, scale), loaded.file) } : undefined,
      search: runSpec.search as SearchOptions | undefined,
      defenses: defenses.map((d, i) => ({ name: d!.name, plugin: d!, options: resolveFileOptions(d!, runSpec.defenses![i]!.with as Record<string, unknown>, loaded.file) })),
    };
    // A problem is the sweep's doing only when a swept value set its field.
    const swept = (p: Pick<Problem, 'path'>): boolean => keyOf(p) !== undefined;
    const files = inputFiles(plan);
    for (const [path, file] of files) {
      const bySweep = swept({ path });
      const pos = loaded.locate(bySweep ? sweepEntry({ path }) : path);
      checkInputFile(file, roots, { file: loaded.file, path: bySweep ? `${formatPath(path)} (set by the sweep in ${id})` : formatPath(path), line: pos?.line, column: pos?.column });
    }
    const planProblems = [...missingFiles(files), ...emptyTraining(plan, data.train!, scale), ...emptyTestSet(plan, spec.gates ?? [], data.test!, scale)];
    if (planProblems.length) throw specError(loaded, planProblems.map((p) => (swept(p) ? where(p) : p)));
    return plan;
  });
  const overShared = sharedEpochsCoverTraining(runs);
  if (overShared.length) throw specError(loaded, overShared);
  const unmatched = (spec.gates ?? []).flatMap((g, i) => (g.where && !runs.some((r) => runMatches(r, g.where)) ? [{ path: ['gates', i, 'where'], message: `matches no run of the sweep (${show(g.where)}); gate values must equal sweep values as written.` }] : []));
  if (unmatched.length) throw specError(loaded, unmatched);
  return { file: loaded.file, name: spec.name, description: spec.description ?? '', seed: spec.seed!, scale, repeats: spec.repeats!, design: spec.design!, sharedEpochs: spec.sharedEpochs!, inconclusive: spec.inconclusive!, gates: spec.gates ?? [], runs, reporters: reporters.map((r, i) => ({ name: r!.name, plugin: r!, options: (spec.reporters![i]!.with ?? {}) as Record<string, unknown> })) };
}

/**
 * Reads, parses and validates the spec at `file` (exit-2 errors for every problem); module and package
 * plugins are imported when `options.trust` allows them (src/spec/trust.ts), else refused (exit 2).
 */
export async function readSpec(file: string, options: ValidateOptions = {}): Promise<ResolvedSpec> {
  const loaded = await loadSpecFile(file);
  const registry = await withSpecPlugins(loaded, options.registry ?? bundledPlugins, options.trust);
  return validateSpec(loaded, { ...options, registry });
}
