/**
 * The scale and reliability options of `regaudit run` (disk cache, worker pool, shards, per-stage
 * timeout, allowed plugins and data directories, memory budget) and what they set up: one place, so run.ts only wires them.
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import type { Logger } from '../core/plugin.ts';
import type { AuditOptions } from '../engine/audit.ts';
import { cacheCounts, combineCounts, DEFAULT_CACHE_DIR, DiskStageRunner, resolveCacheDir, type CacheCounts } from '../engine/cache/disk-runner.ts';
import { cacheDirExists } from '../engine/cache/inventory.ts';
import { makeDirectories } from '../core/directories.ts';
import { MAX_TIMEOUT_MS } from '../engine/deadline.ts';
import { checkMemory, defaultMaxMemory, formatBytes } from '../engine/memory.ts';
import { createPoolExecutor, type PoolExecutor } from '../engine/pool/index.ts';
import { executeRun } from '../engine/run.ts';
import { parseShard, selectShard, type Shard } from '../engine/shard.ts';
import type { Stage, StageRunner } from '../engine/stage-runner.ts';
import { bundledPlugins, type PluginRegistry } from '../spec/registry.ts';
import type { TrustPolicy } from '../spec/trust.ts';
import { cacheDir as cacheDirError } from '../core/errors.ts';
import type { ResolvedSpec } from '../spec/validate.ts';
import { bytesOption, collect, intOption, numberOption, pathOption } from './option-parsers.ts';

/** The options this module adds. */
export interface ScaleOptions {
  jobs: number;
  cacheDir?: string;
  cache: boolean;
  shard?: Shard;
  stageTimeout?: number;
  allowPlugin: string[];
  allowData: string[];
  config?: string;
  maxMemory?: number;
}

function shardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError(`expected i/n with 0 <= i < n (e.g. 0/4), got "${value}".`);
  return shard;
}

/** The longest `--stage-timeout`, in whole seconds: Node's timer limit. */
const MAX_STAGE_TIMEOUT_S = Math.floor(MAX_TIMEOUT_MS / 1000);

const stageTimeoutOption = numberOption((s) => s > 0 && s <= MAX_STAGE_TIMEOUT_S, `seconds > 0 and at most ${MAX_STAGE_TIMEOUT_S} (about 24.8 days, Node's timer limit)`);

/** Adds the trust options `--allow-plugin`, `--allow-data` (repeatable) and `--config` to `command` (run and validate). */
export function addTrustOptions(command: Command): Command {
  return command
    .option('--config <file>', 'read the trust config (allowPlugins, allowData) from this file instead of ./regaudit.config.json, which is then ignored (in CI, a file the checked-out branch cannot change)')
    .option('--allow-plugin <specifier>', 'allow a module-path or package plugin named by the specs (repeatable); also regaudit.config.json "allowPlugins"', collect, [] as string[])
    .option('--allow-data <dir>', "let specs read data and model files under this directory (repeatable; relative to the working directory), besides the working directory's and the spec's own; also regaudit.config.json \"allowData\"", collect, [] as string[]);
}

/** Adds the options to `command`. */
export function addScaleOptions(command: Command): Command {
  return addTrustOptions(command)
    .option('--jobs <n>', 'runs in parallel (worker threads)', intOption(1, 1024), availableParallelism())
    .option('--cache-dir <dir>', `disk cache of finished stages (default ${DEFAULT_CACHE_DIR})`, pathOption)
    .option('--no-cache', 'recompute every stage, even within this invocation')
    .option('--shard <i/n>', "run only shard i of n of each spec's sweep (runs whose index is i modulo n); merge with `regaudit merge-reports`", shardOption)
    .option('--stage-timeout <seconds>', `fail a run whose stage takes longer (the run is errored, others go on); at most ${MAX_STAGE_TIMEOUT_S}`, stageTimeoutOption)
    .option('--max-memory <size>', `refuse specs whose estimated memory exceeds this (default ${formatBytes(defaultMaxMemory())}, half of RAM)`, bytesOption);
}

/** Runs every stage afresh (`--no-cache`). */
const uncached: StageRunner = { run: <T>(s: Stage<T>) => s.compute(), close() {} };

/** What the options set up for one invocation. */
export interface ScaleSetup {
  readonly runner: StageRunner;
  /** The absolute cache directory, or null with --no-cache. */
  readonly cacheDir: string | null;
  /** Checks the cache directory (`--cache-dir`) as `regaudit cache` does: CACHE_DIR (exit 2) when not a directory, before any work. */
  checkCache(): Promise<void>;
  /** Creates a missing cache directory, once every other check passed: CACHE_DIR (exit 2) when it cannot be created. */
  createCache(): Promise<void>;
  /** Checks every spec's estimated memory against the budget (exit 2 on the first over it), before any work. */
  checkMemory(specs: readonly ResolvedSpec[]): Promise<void>;
  /** The runs of `spec` this invocation executes: its shard's, or all. */
  runsOf(spec: ResolvedSpec): readonly ResolvedSpec['runs'][number][];
  /** What the disk cache did since the last call, in this thread and the workers; undefined with --no-cache. */
  cacheSince(): CacheCounts | undefined;
  /** runAudit's options for `spec`. */
  auditOptions(spec: ResolvedSpec, specOptions: Record<string, unknown>): Promise<Pick<AuditOptions, 'jobs' | 'shard' | 'execute' | 'stageTimeoutMs'>>;
  close(): Promise<void>;
}

/** Sets up the cache, the pool (only for the bundled registry: workers cannot receive in-memory plugins) and the checks. */
export function setupScale(opts: ScaleOptions, trust: TrustPolicy, registry: PluginRegistry, log: Logger): ScaleSetup {
  const cacheDir = opts.cache ? resolveCacheDir(opts.cacheDir) : null;
  const runner = cacheDir ? new DiskStageRunner(cacheDir, log) : uncached;
  const stageTimeoutMs = opts.stageTimeout !== undefined ? opts.stageTimeout * 1000 : undefined;
  const pools: PoolExecutor[] = [];
  // The workers' counts arrive with their tasks; this thread's are read from its runner.
  let fromWorkers: CacheCounts = { read: 0, computed: 0 };
  let here = runner instanceof DiskStageRunner ? cacheCounts(runner.stats) : undefined;
  /**
   * The runs of `spec` this invocation executes (its shard), the threads they get, and how many
   * trainings can be in memory at once: one per worker thread, or, when runs share this thread (one
   * job, or plugins the workers cannot load), every repeat of each of the `jobs` runs in flight.
   */
  const planOf = (spec: ResolvedSpec) => {
    const runs = opts.shard ? selectShard(spec.runs, opts.shard) : spec.runs;
    // Each repeat of a run is a task of its own: no more threads than repeats to run.
    const jobs = Math.max(1, Math.min(opts.jobs, runs.length * spec.repeats));
    const pooled = jobs > 1 && registry === bundledPlugins;
    return { runs, jobs, pooled, atOnce: pooled ? jobs : Math.max(1, Math.min(jobs, runs.length)) * spec.repeats };
  };
  return {
    runner,
    cacheDir,
    runsOf: (spec) => planOf(spec).runs,
    cacheSince() {
      if (!(runner instanceof DiskStageRunner) || !here) return undefined;
      const now = cacheCounts(runner.stats);
      const since = combineCounts(combineCounts(now, here, -1), fromWorkers, 1);
      here = now;
      fromWorkers = { read: 0, computed: 0 };
      return since;
    },
    async checkCache() {
      if (!opts.cache && opts.cacheDir !== undefined) {
        throw cacheDirError(opts.cacheDir, '--no-cache and --cache-dir contradict each other: --no-cache reads and writes no cache.', 'Drop one of them.');
      }
      if (cacheDir) await cacheDirExists(cacheDir);
    },
    async createCache() {
      // checkCache already refused a cache directory that is not one; creating an existing one is a no-op
      if (!cacheDir) return;
      await makeDirectories(cacheDir).catch((e: NodeJS.ErrnoException) => {
        throw cacheDirError(cacheDir, `cannot be created (${e.code ?? e.message}).`, 'Pass a --cache-dir this user can create and write, or --no-cache.');
      });
    },
    async checkMemory(specs) {
      for (const spec of specs) {
        const { runs, atOnce } = planOf(spec);
        await checkMemory({ ...spec, runs }, { maxBytes: opts.maxMemory ?? defaultMaxMemory(), jobs: atOnce });
      }
    },
    async auditOptions(spec, specOptions) {
      const { jobs, pooled } = planOf(spec);
      let execute: AuditOptions['execute'];
      if (pooled) {
        const pool = createPoolExecutor({ jobs, spec: { file: spec.file, options: specOptions, trust }, cacheDir, stageTimeoutMs, onCache: (counts) => (fromWorkers = combineCounts(fromWorkers, counts, 1)) });
        pools.push(pool);
        execute = (plan, env) => pool.execute(plan, env);
      } else if (jobs > 1) {
        log.debug('custom plugin registry: runs share this thread (worker threads load only bundled and allowed module plugins)');
      } else if (runner instanceof DiskStageRunner) {
        // One run at a time in this thread: when a run ends, none of its stage outputs is in use.
        execute = async (plan, env) => {
          const report = await executeRun(plan, env);
          runner.endUnit(report.status === 'ok');
          return report;
        };
      }
      return { jobs, shard: opts.shard, execute, stageTimeoutMs };
    },
    async close() {
      runner.close();
      await Promise.all(pools.map((p) => p.close()));
    },
  };
}
