/**
 * What the main thread and sweep workers exchange: the task (one repeat of a run of a spec the worker
 * reads itself, since plugins cannot cross threads), the result, and log/progress events on a MessagePort.
 */
import type { RunError } from '../../core/report.ts';
import type { CacheCounts } from '../cache/disk-runner.ts';
import type { TrustPolicy } from '../../spec/trust.ts';
import type { RepeatResult } from '../run.ts';

/** How the worker reads the spec: the CLI's spec options and trust policy (plain data). */
export interface SpecSource {
  readonly file: string;
  /** ValidateOptions without the registry and trust (seed, scale, repeats, ...). */
  readonly options: Record<string, unknown>;
  /** The allowed plugins and data directories, as the main thread read them. */
  readonly trust: TrustPolicy;
}

/** One repeat of a run to execute in a worker. */
export interface RepeatTask {
  readonly spec: SpecSource;
  /** The run's index in the sweep. */
  readonly index: number;
  /** Which of the run's repeats (0-based). */
  readonly repeat: number;
  /** Disk cache directory, or null to memoize in the worker only. */
  readonly cacheDir: string | null;
  /** Per-stage timeout in milliseconds (`--stage-timeout`); none when absent. */
  readonly stageTimeoutMs?: number;
  /** Receives log/progress events; sends `abort`. */
  readonly port: MessagePort;
}

/**
 * A worker's answer: what the repeat measured, or the report form of its error (with its exit code),
 * and what the disk cache did for it (absent with --no-cache).
 */
export type RepeatTaskResult = ({ readonly result: RepeatResult } | { readonly error: RunError }) & { readonly cache?: CacheCounts };

/** Events from a worker. */
export type WorkerEvent =
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'debug'; readonly message: string }
  | { readonly type: 'progress'; readonly task: string; readonly done: number; readonly total: number }
  | { readonly type: 'finish'; readonly task: string };
