/**
 * An audit: checks each run's plugins against the oracle's domain, executes the runs (up to `jobs` at
 * a time, sharing stages through the stage runner), evaluates the gates, hands the report to the
 * reporters and derives the exit code.
 */
import { join } from 'node:path';
import { inSpecFile, invalidOption, isRegauditError, pluginFailure, type ErrorOrigin, type ExitCodeValue } from '../core/errors.ts';
import { silentLogger, silentProgress, type Logger, type ProgressReporter } from '../core/plugin.ts';
import { REPORT_SCHEMA_VERSION, type AuditReport, type RunReport } from '../core/report.ts';
import type { ReporterContext, ReporterPlugin } from '../core/reporter.ts';
import type { ResolvedSpec, RunPlan } from '../spec/validate.ts';
import { checkedPluginOptions } from '../spec/ajv.ts';
import { checkStageTimeout } from './deadline.ts';
import { evaluateGates } from './gates.ts';
import { prepareOutDir } from './out-dir.ts';
import { createOracle, executeRun } from './run.ts';
import { planFingerprint, selectShard, type Shard } from './shard.ts';
import { codeFingerprint } from './cache/fingerprint.ts';
import { RunScope, type EngineEnv } from './stage.ts';
import { MemoStageRunner, type StageRunner } from './stage-runner.ts';
import { exitCodeOf, statusOf } from './status.ts';
import { REGAUDIT_VERSION } from './version.ts';

/** A reporter with its resolved options. */
export interface ReporterUse {
  /** The reporter plugin. */
  readonly plugin: ReporterPlugin<any>;
  /** Its options, as the spec's `reporters[i].with` (defaults are filled in by runAudit). */
  readonly options: Record<string, unknown>;
}

/** How to run an audit. */
export interface AuditOptions {
  /** Output root: the report goes to `<outDir>/<spec name>/`. Default `reports`. */
  readonly outDir?: string;
  /** Reporters called as runs end and once at the end, in order. Default none. */
  readonly reporters?: readonly ReporterUse[];
  /** Runs in flight at once. Default 1. */
  readonly jobs?: number;
  /** Shared across specs of one invocation so identical stages run once; default a fresh memo. */
  readonly runner?: StageRunner;
  /** Where the engine and plugins log. Default silent. */
  readonly log?: Logger;
  /** Where long stages report progress. Default silent. */
  readonly progress?: ProgressReporter;
  /** Aborting it (SIGINT/SIGTERM) stops the runs in flight and finishes an interrupted report. */
  readonly signal?: AbortSignal;
  /** A previous report for relative gates (`maxIncrease`, `maxDecrease`). */
  readonly baseline?: AuditReport;
  /** Runs only this shard of the sweep (`--shard i/n`); the report records it for merge-reports. */
  readonly shard?: Shard;
  /** Executes one run; default in this thread (the CLI passes a worker pool for `--jobs`). */
  readonly execute?: (plan: RunPlan, env: EngineEnv) => Promise<RunReport>;
  /** Per-stage timeout in milliseconds (`--stage-timeout`), at most MAX_TIMEOUT_MS (else STAGE_TIMEOUT_RANGE, exit 2). */
  readonly stageTimeoutMs?: number;
  /** Where console reporters write. Default process.stdout. */
  readonly stdout?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The finished audit. */
export interface AuditOutcome {
  /** The report the reporters received. */
  readonly report: AuditReport;
  /** The exit code the report gives (status.ts). */
  readonly exitCode: ExitCodeValue;
  /** The report's directory. */
  readonly outDir: string;
}

/** Plans whose checks passed: a plan is immutable, so `runAudit` skips what `regaudit run` checked first. */
const checkedPlans = new WeakSet<RunPlan>();

/**
 * Runs the plugins' own checks before any work: the oracle's `create` (its options), the attack's
 * against the oracle's domain (a bad trigger feature) and each defense's `checkOptions` against its
 * options and the model (exit 2, naming the spec file). `runAudit` calls it first; `regaudit run` and `validate` call it for every spec
 * without `env` (a quiet, throwaway one). Each plan is checked once per process.
 */
export async function preflight(spec: Pick<ResolvedSpec, 'file' | 'runs'>, env?: EngineEnv): Promise<void> {
  if (spec.runs.every((plan) => checkedPlans.has(plan))) return;
  if (!env) {
    const runner = new MemoStageRunner();
    try {
      return await preflight(spec, { runner, log: silentLogger, progress: silentProgress, signal: new AbortController().signal });
    } finally {
      runner.close();
    }
  }
  try {
    for (const plan of spec.runs) {
      if (checkedPlans.has(plan)) continue;
      for (const d of plan.defenses) d.plugin.checkOptions?.(d.options, plan.model.plugin);
      // Creating the oracle also checks its options (a plugin's create may refuse them).
      const { oracle } = await createOracle(new RunScope(env, plan.id, plan.seed), plan);
      plan.attack?.plugin.checkDomain?.(plan.attack.options, oracle.domain);
      checkedPlans.add(plan);
    }
  } catch (e) {
    if (!isRegauditError(e) || e.origin.file) throw e;
    throw inSpecFile(e, spec.file);
  }
}

/**
 * Runs `items` through `work` with at most `jobs` in flight; `onDone` sees completions in order of
 * completion. After a failure (of `work` or `onDone`) no new item starts, and the first failure is thrown
 * once the items in flight have settled: the caller then closes the stage runner, whose models those
 * items would otherwise still be using.
 */
async function pool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>, onDone: (r: R) => Promise<void>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await work(items[i]!);
        await onDone(results[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

/**
 * The reporters with their options validated against each plugin's schema and the defaults filled in
 * (on a copy), as a spec's `reporters:` get them: library callers may pass `options: {}`. Invalid
 * options are exit 2 (INVALID_OPTION) naming the reporter, before any work.
 */
function withReporterDefaults(reporters: readonly ReporterUse[]): ReporterUse[] {
  const fail = (origin: ErrorOrigin, problem: string) => invalidOption(origin, problem, "Fix the option, or leave it out for the reporter's default.");
  return reporters.map((r, i) => ({ plugin: r.plugin, options: checkedPluginOptions(r.plugin, r.options ?? {}, ['reporters', i, 'with'], fail) }));
}

/** Runs a validated spec end to end. Throws for bad input found before the runs (exit 2), and for a failing reporter (runReporters). */
export async function runAudit(spec: ResolvedSpec, options: AuditOptions = {}): Promise<AuditOutcome> {
  checkStageTimeout(options.stageTimeoutMs);
  const startedAt = new Date();
  const started = performance.now();
  const runner = options.runner ?? new MemoStageRunner();
  const env: EngineEnv = { runner, log: options.log ?? silentLogger, progress: options.progress ?? silentProgress, signal: options.signal ?? new AbortController().signal, stageTimeoutMs: options.stageTimeoutMs };
  const outDir = join(options.outDir ?? 'reports', spec.name);
  const reporterCtx = { outDir, log: env.log, stdout: options.stdout ?? process.stdout, baseline: options.baseline };
  const reporters = withReporterDefaults(options.reporters ?? []);
  try {
    const plans = options.shard ? selectShard(spec.runs, options.shard) : spec.runs;
    const execute = options.execute ?? executeRun;
    await preflight({ file: spec.file, runs: plans }, env);
    await prepareOutDir(outDir, 'outDir');
    // After SIGINT/SIGTERM, runs not yet started are recorded as interrupted without running.
    const notStarted = (plan: RunPlan): RunReport => ({ id: plan.id, index: plan.index, params: plan.params, status: 'interrupted', metrics: {}, seconds: 0 });
    const runs = await pool(plans, options.jobs ?? 1, async (plan) => (env.signal.aborted ? notStarted(plan) : execute(plan, env)), async (report) => {
      env.log.debug(`${report.id} ${report.status}${report.error ? `: ${report.error.message}` : ''}`);
      await runReporters(reporters, 'onRunEnd', report, reporterCtx);
    });
    const gates = evaluateGates(spec.gates, runs, options.baseline, spec.inconclusive);
    const report: AuditReport = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      name: spec.name,
      spec: spec.file,
      seed: spec.seed,
      ...(spec.scale !== 1 ? { scale: spec.scale } : {}),
      status: statusOf(runs, gates.every((g) => g.pass), env.signal.aborted),
      startedAt: startedAt.toISOString(),
      seconds: (performance.now() - started) / 1000,
      environment: { regaudit: REGAUDIT_VERSION, node: process.version },
      ...(options.shard ? { shard: { ...options.shard, runs: spec.runs.length, gates: spec.gates as unknown as Record<string, unknown>[], plan: planFingerprint(spec.runs), code: codeFingerprint() } } : {}),
      statistics: { repeats: spec.repeats, design: spec.design, inconclusive: spec.inconclusive, ...(spec.sharedEpochs > 0 ? { sharedEpochs: spec.sharedEpochs } : {}) },
      gates,
      runs,
    };
    await runReporters(reporters, 'onAuditEnd', report, reporterCtx);
    return { report, exitCode: exitCodeOf(report), outDir };
  } finally {
    if (!options.runner) runner.close();
  }
}

/** What each reporter hook receives. */
interface ReporterHooks {
  onRunEnd: RunReport;
  onAuditEnd: AuditReport;
}

/**
 * Calls `hook` of each reporter in order with `value`. Every reporter is called even after one throws
 * (so a failing html or junit reporter does not cost the report.json written after it); then the first
 * failure is thrown, a reporter's throw other than a RegauditError as a PLUGIN_FAILED error naming it
 * and the hook (stage `reporter.<hook>`).
 */
export async function runReporters<H extends keyof ReporterHooks>(reporters: readonly ReporterUse[], hook: H, value: ReporterHooks[H], ctx: ReporterContext): Promise<void> {
  let failure: { readonly error: unknown } | undefined;
  for (const r of reporters) {
    const call = r.plugin[hook] as ((value: ReporterHooks[H], options: Record<string, unknown>, ctx: ReporterContext) => void | Promise<void>) | undefined;
    try {
      await call?.call(r.plugin, value, r.options, ctx);
    } catch (e) {
      failure ??= { error: isRegauditError(e) ? e : pluginFailure({ plugin: r.plugin.name, stage: `reporter.${hook}` }, `reporter \`${r.plugin.name}\` failed`, e) };
    }
  }
  if (failure) throw failure.error;
}
