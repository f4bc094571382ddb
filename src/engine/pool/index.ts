/**
 * Parallel sweeps on all cores: the repeats of runs execute in piscina worker threads (`--jobs`,
 * default os.availableParallelism()), each repeat a task of its own, so a run's repeats spread over the
 * cores too; the main thread combines them. A worker reads the spec itself and executes one repeat at
 * a time with the shared disk cache; every repeat draws its randomness from its keys, never from order
 * or thread, so metrics are bit-identical whatever `--jobs`.
 */
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ExitCode, RegauditError } from '../../core/errors.ts';
import type { RunError, RunReport } from '../../core/report.ts';
import type { RunPlan } from '../../spec/validate.ts';
import type { CacheCounts } from '../cache/disk-runner.ts';
import { executeRun, type RepeatResult } from '../run.ts';
import type { EngineEnv } from '../stage.ts';
import type { RepeatTask, RepeatTaskResult, SpecSource, WorkerEvent } from './messages.ts';

/** Executes runs of one spec in worker threads. */
export interface PoolExecutor {
  /** Executes `plan`, its repeats in workers; resolves like executeRun. */
  execute(plan: RunPlan, env: EngineEnv): Promise<RunReport>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** The error a worker reported, rebuilt so that the run's report shows it as the worker saw it. */
function workerError(error: RunError): RegauditError {
  return new RegauditError(error.code, error.message, error.exitCode ?? ExitCode.runtime, { plugin: error.plugin, stage: error.stage }, error.cause);
}

/**
 * A pool of `jobs` workers running the repeats of runs of `spec`. `onCache` receives, on this thread,
 * what the disk cache did for each finished task (errored ones included), before its error is rethrown.
 */
export function createPoolExecutor(options: { jobs: number; spec: SpecSource; cacheDir: string | null; stageTimeoutMs?: number; onCache?: (counts: CacheCounts) => void }): PoolExecutor {
  const pool = new Piscina({ filename: new URL('./bootstrap.mjs', import.meta.url).href, maxThreads: options.jobs, minThreads: 1, idleTimeout: 60_000, concurrentTasksPerWorker: 1 });

  /** Repeat `repeat` of `plan` in a worker, its logs and progress forwarded to `env`. */
  async function runRepeat(plan: RunPlan, env: EngineEnv, repeat: number): Promise<RepeatResult> {
    const channel = new MessageChannel();
    channel.port1.on('message', (e: WorkerEvent) => {
      if (e.type === 'log') env.log[e.level](e.message);
      else if (e.type === 'progress') env.progress.update(e.task, e.done, e.total);
      else env.progress.finish(e.task);
    });
    const onAbort = (): void => channel.port1.postMessage('abort');
    env.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const task: RepeatTask = { spec: options.spec, index: plan.index, repeat, cacheDir: options.cacheDir, stageTimeoutMs: options.stageTimeoutMs, port: channel.port2 as unknown as MessagePort };
      const answer = (await pool.run(task, { transferList: [channel.port2] as never })) as RepeatTaskResult;
      if (answer.cache) options.onCache?.(answer.cache);
      if ('error' in answer) throw workerError(answer.error);
      return answer.result;
    } finally {
      env.signal.removeEventListener('abort', onAbort);
      channel.port1.close();
    }
  }

  return {
    execute: (plan, env) => executeRun(plan, env, (repeat) => runRepeat(plan, env, repeat)),
    close: () => pool.destroy(),
  };
}
