/**
 * A sweep worker thread: reads the spec (once per worker; plugins are imported here under the same
 * trust policy), executes the requested repeat of a run with a stage runner it keeps for its lifetime (the shared
 * disk cache, so workers share finished stages), and forwards logs and progress to the main thread.
 * After each task that ended whole it drops from memory the stage outputs the disk cache holds, so its
 * memory does not grow with the sweep.
 */
import type { MessagePort } from 'node:worker_threads';
import { silentLogger, type Logger, type ProgressReporter } from '../../core/plugin.ts';
import { readSpec, type ResolvedSpec } from '../../spec/validate.ts';
import { cacheCounts, combineCounts, DiskStageRunner, type CacheCounts } from '../cache/disk-runner.ts';
import { executeRepeat, runErrorOf } from '../run.ts';
import { MemoStageRunner, type StageRunner } from '../stage-runner.ts';
import type { RepeatTask, RepeatTaskResult, WorkerEvent } from './messages.ts';

const specs = new Map<string, Promise<ResolvedSpec>>();
const runners = new Map<string, StageRunner>();

/** The running task's logger (one task at a time per worker); the long-lived runner logs through it. */
let taskLog: Logger = silentLogger;
const currentLog: Logger = { info: (m) => taskLog.info(m), warn: (m) => taskLog.warn(m), debug: (m) => taskLog.debug(m) };

function specOf(task: RepeatTask): Promise<ResolvedSpec> {
  const id = JSON.stringify(task.spec);
  let spec = specs.get(id);
  if (!spec) {
    spec = readSpec(task.spec.file, { ...task.spec.options, trust: task.spec.trust });
    specs.set(id, spec);
  }
  return spec;
}

function runnerOf(cacheDir: string | null): StageRunner {
  const id = cacheDir ?? '';
  let runner = runners.get(id);
  if (!runner) {
    runner = cacheDir === null ? new MemoStageRunner() : new DiskStageRunner(cacheDir, currentLog);
    runners.set(id, runner);
  }
  return runner;
}

/**
 * One task at a time: when one ends, none of its stage outputs is in use any more (DiskStageRunner.endUnit),
 * and what the disk cache did since `before` was the task's doing.
 */
function endTask(runner: StageRunner, endedWhole: boolean, before: CacheCounts | undefined): { cache?: CacheCounts } {
  if (!(runner instanceof DiskStageRunner) || !before) return {};
  runner.endUnit(endedWhole);
  return { cache: combineCounts(cacheCounts(runner.stats), before, -1) };
}

/** Executes repeat `task.repeat` of run `task.index` of the task's spec. */
export default async function runTask(task: RepeatTask): Promise<RepeatTaskResult> {
  const port = task.port as unknown as MessagePort;
  const send = (e: WorkerEvent): void => port.postMessage(e);
  const log: Logger = { info: (message) => send({ type: 'log', level: 'info', message }), warn: (message) => send({ type: 'log', level: 'warn', message }), debug: (message) => send({ type: 'log', level: 'debug', message }) };
  const progress: ProgressReporter = { update: (t, done, total) => send({ type: 'progress', task: t, done, total }), finish: (t) => send({ type: 'finish', task: t }) };
  taskLog = log;
  const controller = new AbortController();
  port.on('message', (m: unknown) => {
    if (m === 'abort') controller.abort();
  });
  const runner = runnerOf(task.cacheDir);
  const before = runner instanceof DiskStageRunner ? cacheCounts(runner.stats) : undefined;
  try {
    const spec = await specOf(task);
    const plan = spec.runs.find((r) => r.index === task.index);
    if (!plan) throw new Error(`the spec has no run ${task.index}`);
    const env = { runner, log, progress, signal: controller.signal, stageTimeoutMs: task.stageTimeoutMs };
    const result = await executeRepeat(plan, env, task.repeat);
    return { result, ...endTask(runner, true, before) };
  } catch (e) {
    return { error: runErrorOf(e), ...endTask(runner, false, before) };
  } finally {
    port.close();
  }
}
