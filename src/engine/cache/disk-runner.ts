/**
 * The disk cache: a StageRunner that serves a stage from `<dir>/v1/<code>/<stage>/<key>.bin` (`<code>`:
 * the fingerprint of regaudit's code, see fingerprint.ts) when a valid
 * entry is there, else computes it and stores it (atomically, with a checksum) before returning it.
 * In front of the disk sits the in-memory memo, so a process computes or reads each key once. An entry
 * that is corrupt or truncated (a killed writer on a filesystem without atomic rename, a bad disk) is
 * reported with a warning, removed and recomputed. Outputs that are not plain data and have no codec
 * (oracle instances, imported models, models whose plugin cannot save) stay in memory only. Serving an
 * entry refreshes its modification time, so `regaudit cache prune` ages entries by last use. Workers
 * sharing the directory that miss one key at once compute it once: the first takes a lock beside the
 * entry and the others wait for its entry (compute-lock.ts).
 */
import { rm, utimes } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import type { Logger } from '../../core/plugin.ts';
import { MemoStageRunner, type Stage, type StageRunner } from '../stage-runner.ts';
import type { StageCodec } from './codec.ts';
import { LOCK_SUFFIX, LOCK_TIMING, tryLockEntry, type LockTiming } from './compute-lock.ts';
import { decodeData, encodeData, NotPlainData } from './encode.ts';
import { readEntry, writeEntry } from './entry.ts';
import { makeDirectories } from '../../core/directories.ts';
import { codeFingerprint } from './fingerprint.ts';

/** After this long waiting for another worker's entry, the wait is logged at info level. */
const LONG_WAIT_MS = 10_000;

/** The cache directory used when `--cache-dir` is not given. */
export const DEFAULT_CACHE_DIR = '.regaudit-cache';

/** The absolute cache directory of a `--cache-dir` value (the default when not given). */
export function resolveCacheDir(dir: string | undefined): string {
  return resolve(dir ?? DEFAULT_CACHE_DIR);
}

/** The layout directory under the cache root: `<dir>/v1/<code fingerprint>/<stage>/<key>.bin`. */
export const CACHE_LAYOUT = 'v1';

/** How a finished entry's file name ends. */
export const ENTRY_SUFFIX = '.bin';

/** Counts of what the cache did, by stage name. */
export interface CacheStats {
  /** Served from disk. */
  readonly hits: Map<string, number>;
  /** Computed (miss, corrupt entry, or not persistable). */
  readonly computed: Map<string, number>;
  /** Corrupt entries found and recomputed. */
  readonly corrupt: Map<string, number>;
  /** Computed because the disk did not hold them, with an output the disk can hold (part of `computed`). */
  readonly missed: Map<string, number>;
}

/** Totals of what a cache did over all stages. */
export interface CacheCounts {
  /** Outputs read from disk (`CacheStats.hits`). */
  readonly read: number;
  /** Outputs computed that the disk can hold (`CacheStats.missed`; not those kept in memory only). */
  readonly computed: number;
}

/** The totals of `stats` over every stage. */
export function cacheCounts(stats: CacheStats): CacheCounts {
  const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  return { read: total(stats.hits), computed: total(stats.missed) };
}

/** `after` minus `before` (`sign` -1), or their sum (`sign` 1). */
export function combineCounts(after: CacheCounts, before: CacheCounts, sign: 1 | -1): CacheCounts {
  return { read: after.read + sign * before.read, computed: after.computed + sign * before.computed };
}

const bump = (m: Map<string, number>, k: string): void => {
  m.set(k, (m.get(k) ?? 0) + 1);
};

/** A StageRunner backed by a content-addressed directory. */
export class DiskStageRunner implements StageRunner {
  private readonly memo = new MemoStageRunner();
  /** Keys whose output the disk holds (served from it or stored in it), which the memo may therefore drop. */
  private readonly onDisk = new Set<string>();
  /** Set once a unit of work failed (endUnit): its abandoned work may still use memo outputs. */
  private keepAll = false;
  /** What this runner served, computed and found corrupt. */
  readonly stats: CacheStats = { hits: new Map(), computed: new Map(), corrupt: new Map(), missed: new Map() };

  /** A runner on the cache root `dir`, logging to `log`; `timing` is the compute lock's (tests shorten it). */
  constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly timing: LockTiming = LOCK_TIMING,
  ) {}

  /** Where the entry for `stage` lives. */
  fileOf(stage: Pick<Stage<unknown>, 'name' | 'key'>): string {
    return join(this.dir, CACHE_LAYOUT, codeFingerprint(), stage.name, `${stage.key}${ENTRY_SUFFIX}`);
  }

  run<T>(stage: Stage<T>): Promise<T> {
    return this.memo.run({ ...stage, compute: () => this.serve(stage) });
  }

  close(): void {
    this.memo.close();
  }

  /**
   * Ends a unit of work (a run, a worker's task) during which every stage was this caller's and none is
   * still in use: when it ended whole, drops from memory, disposing them, the outputs the disk also
   * holds (a later request reads them again), so that memory is one unit's working set instead of
   * growing over a sweep. Outputs kept in memory only (oracle instances, models whose plugin cannot
   * save) stay, since dropping them would mean computing them again. Once a unit has failed, nothing is
   * dropped any more: a stage that timed out may still be running on those outputs.
   */
  endUnit(endedWhole: boolean): void {
    if (!endedWhole) this.keepAll = true;
    if (this.keepAll) return;
    for (const key of this.onDisk) this.memo.forget(key);
    this.onDisk.clear();
  }

  private async serve<T>(stage: Stage<T>): Promise<T> {
    const codec = stage.codec;
    if (stage.persist === false || !codec) return this.compute(stage);
    const file = this.fileOf(stage);
    const cached = await this.read(stage, codec, file);
    if (cached) return cached.value;
    await makeDirectories(dirname(file)).catch(() => undefined);
    let waitedSince: number | undefined;
    let told = false;
    for (;;) {
      const lock = await tryLockEntry(file, this.timing);
      if (lock === 'busy') {
        stage.signal?.throwIfAborted();
        if (waitedSince === undefined) {
          waitedSince = Date.now();
          this.log.debug(`cache: another worker is computing stage ${stage.name} (${file}); waiting for its entry`);
        } else if (!told && Date.now() - waitedSince > LONG_WAIT_MS) {
          told = true;
          this.log.info(`cache: still waiting for stage ${stage.name}, which another worker is computing (lock ${file}${LOCK_SUFFIX}); a lock not refreshed for ${this.timing.staleMs / 1000} s is taken over.`);
        }
        await pause(this.timing.pollMs);
        const stored = await this.read(stage, codec, file);
        if (stored) return stored.value;
        continue;
      }
      try {
        // The worker that held the lock may have stored the entry between our read and our lock.
        const stored = lock === 'unlockable' ? undefined : await this.read(stage, codec, file);
        return stored ? stored.value : await this.computeAndStore(stage, codec, file);
      } finally {
        if (lock !== 'unlockable') await lock.release();
      }
    }
  }

  /** The entry at `file` decoded, or undefined when missing; a corrupt entry is reported and removed. */
  private async read<T>(stage: Stage<T>, codec: StageCodec<T>, file: string): Promise<{ value: T } | undefined> {
    const got = await readEntry(file, stage.key);
    let problem = 'problem' in got ? (got.problem === 'corrupt' ? got.reason : undefined) : undefined;
    if ('payload' in got) {
      try {
        const value = await codec.fromData(decodeData(got.payload));
        bump(this.stats.hits, stage.name);
        this.onDisk.add(stage.key);
        // Last use, for pruning; a read-only cache (a shared volume mounted read-only) still serves.
        const now = new Date();
        await utimes(file, now, now).catch(() => undefined);
        return { value };
      } catch (e) {
        problem = `cannot be decoded (${(e as Error).message})`;
      }
    }
    if (problem !== undefined) {
      bump(this.stats.corrupt, stage.name);
      this.log.warn(`cache entry ${file} (stage ${stage.name}) is corrupt: ${problem}; recomputing it.`);
      // A read-only cache cannot drop it: recomputing is all that matters (storing will fail with a warning).
      await rm(file, { force: true }).catch(() => undefined);
    }
    return undefined;
  }

  /** Computes the stage and stores its output at `file` when it has a plain-data form. */
  private async computeAndStore<T>(stage: Stage<T>, codec: StageCodec<T>, file: string): Promise<T> {
    const value = await this.compute(stage);
    try {
      const data = await codec.toData(value);
      if (data !== undefined) {
        bump(this.stats.missed, stage.name);
        await writeEntry(file, stage.key, encodeData(data));
        this.onDisk.add(stage.key);
      }
    } catch (e) {
      if (e instanceof NotPlainData) this.log.debug(`cache: stage ${stage.name} output kept in memory only (${e.message})`);
      else this.log.warn(`cache: could not store stage ${stage.name} in ${file}: ${(e as Error).message}`);
    }
    return value;
  }

  private compute<T>(stage: Stage<T>): Promise<T> {
    bump(this.stats.computed, stage.name);
    return stage.compute();
  }
}
