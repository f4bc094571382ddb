/**
 * Parallel sweeps on all cores: runs execute in piscina worker threads (`--jobs`, default
 * os.availableParallelism()). A worker reads the spec itself and executes one run at a time with the
 * shared disk cache; every run draws its randomness from its keys, never from order or thread, so
 * metrics are bit-identical whatever `--jobs`.
 */
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { RegauditError, type ExitCodeValue } from '../../core/errors.ts';
import type { RunReport } from '../../core/report.ts';
import type { RunPlan } from '../../spec/validate.ts';
import type { EngineEnv } from '../stage.ts';
import type { RunTask, RunTaskResult, SpecSource, WorkerEvent } from './messages.ts';

/** Executes runs of one spec in worker threads. */
export interface PoolExecutor {
  /** Executes `plan` in a worker; resolves like executeRun (the failure as a RegauditError). */
  execute(plan: RunPlan, env: EngineEnv): Promise<{ report: RunReport; failure?: unknown }>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** A pool of `jobs` workers running runs of `spec`. */
export function createPoolExecutor(options: { jobs: number; spec: SpecSource; cacheDir: string | null; stageTimeoutMs?: number }): PoolExecutor {
  const pool = new Piscina({ filename: new URL('./bootstrap.mjs', import.meta.url).href, maxThreads: options.jobs, minThreads: 1, idleTimeout: 60_000, concurrentTasksPerWorker: 1 });
  return {
    async execute(plan, env) {
      const channel = new MessageChannel();
      channel.port1.on('message', (e: WorkerEvent) => {
        if (e.type === 'log') env.log[e.level](e.message);
        else if (e.type === 'progress') env.progress.update(e.task, e.done, e.total);
        else env.progress.finish(e.task);
      });
      const onAbort = (): void => channel.port1.postMessage('abort');
      env.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const task: RunTask = { spec: options.spec, index: plan.index, cacheDir: options.cacheDir, stageTimeoutMs: options.stageTimeoutMs, port: channel.port2 as unknown as MessagePort };
        const result = (await pool.run(task, { transferList: [channel.port2] as never })) as RunTaskResult;
        const f = result.failure;
        return f ? { report: result.report, failure: new RegauditError(f.code, f.message, f.exitCode as ExitCodeValue) } : { report: result.report };
      } finally {
        env.signal.removeEventListener('abort', onAbort);
        channel.port1.close();
      }
    },
    close: () => pool.destroy(),
  };
}
