/**
 * The compute lock and the disk cache under file-system faults and interleavings that real timing
 * rarely produces: node:fs/promises is wrapped so a test can refuse removals (a read-only cache) or
 * hold a `stat` until another worker has moved on.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger, type Logger } from '../../../src/core/plugin.ts';
import { LOCK_SUFFIX, tryLockEntry, type LockAttempt, type LockTiming } from '../../../src/engine/cache/compute-lock.ts';
import { DiskStageRunner } from '../../../src/engine/cache/disk-runner.ts';
import type { Stage } from '../../../src/engine/stage-runner.ts';

const faults = vi.hoisted(() => ({
  /** Removing or renaming a path this matches fails with EROFS. */
  readOnly: undefined as RegExp | undefined,
  /** Awaited after each `stat` of a path ending like a lock, with the call's number (0-based). */
  afterLockStat: undefined as ((call: number) => Promise<void>) | undefined,
  lockStats: 0,
  /** Writing a lock's content fails with ENOSPC (a full disk). */
  failLockWrite: false,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const refuse = (path: unknown): void => {
    if (!faults.readOnly?.test(String(path))) return;
    throw Object.assign(new Error(`EROFS: read-only file system, '${String(path)}'`), { code: 'EROFS' });
  };
  return {
    ...fs,
    rm: async (path: string, options?: object) => (refuse(path), fs.rm(path, options)),
    unlink: async (path: string) => (refuse(path), fs.unlink(path)),
    rename: async (from: string, to: string) => (refuse(from), fs.rename(from, to)),
    open: async (path: string, flags?: string) => {
      const handle = await fs.open(path, flags);
      if (!faults.failLockWrite || !String(path).endsWith('.lock.tmp')) return handle;
      const full = async (): Promise<never> => {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      };
      return new Proxy(handle, { get: (target, prop) => (prop === 'writeFile' ? full : Reflect.get(target, prop, target)) });
    },
    stat: async (path: string, options?: object) => {
      const s = await fs.stat(path, options);
      if (String(path).endsWith('.lock.tmp') && faults.afterLockStat) await faults.afterLockStat(faults.lockStats++);
      return s;
    },
  };
});

const fast: LockTiming = { heartbeatMs: 20, staleMs: 300, pollMs: 10 };
const identity = { toData: async (v: unknown) => v, fromData: async (d: unknown) => d as { answer: number } };

afterEach(() => {
  faults.readOnly = undefined;
  faults.afterLockStat = undefined;
  faults.lockStats = 0;
  faults.failLockWrite = false;
});

/** A stage computing `{ answer: 42 }`, counting its computations in `calls`. */
function stage(calls: { n: number }): Stage<{ answer: number }> {
  return { name: 'fit', key: 'k1', codec: identity, compute: async () => (calls.n++, { answer: 42 }) };
}

/** A runner on a fresh directory, the entry's directory created; `lock` is the path of the entry's lock. */
function freshRunner(log: Logger = silentLogger): { runner: DiskStageRunner; file: string; lock: string } {
  const runner = new DiskStageRunner(mkdtempSync(join(tmpdir(), 'regaudit-lock-faults-')), log, fast);
  const file = runner.fileOf({ name: 'fit', key: 'k1' });
  mkdirSync(dirname(file), { recursive: true });
  return { runner, file, lock: `${file}${LOCK_SUFFIX}` };
}

/** Plants a lock not refreshed for 10 s (a killed worker's) at `lock`. */
function plantStaleLock(lock: string): void {
  writeFileSync(lock, '{"pid":1}\n');
  const old = new Date(Date.now() - 10_000);
  utimesSync(lock, old, old);
}

const isLock = (a: LockAttempt): a is Exclude<LockAttempt, string> => typeof a === 'object';

describe('cache compute lock under faults', () => {
  it('two waiters that find one stale lock: the second does not remove the lock the first took over', async () => {
    const { file, lock } = freshRunner();
    plantStaleLock(lock);
    // Whichever waiter stats the lock first goes on; the other's result (stale) is held until one of
    // them has finished (the first, having taken the lock over).
    const attempts: Promise<LockAttempt>[] = [];
    faults.afterLockStat = async (call) => {
      if (call === 1) await Promise.race(attempts);
    };
    attempts.push(tryLockEntry(file, fast), tryLockEntry(file, fast));
    const [a, b] = await Promise.all(attempts) as [LockAttempt, LockAttempt];
    expect([a, b].filter(isLock)).toHaveLength(1);
    const held = [a, b].find(isLock)!;
    const content = readFileSync(lock, 'utf8');
    expect([a, b].find((x) => !isLock(x))).toBe('busy');
    await held.release();
    expect(existsSync(lock)).toBe(false);
    expect(content).toContain('"token"');
  });

  it('a lock whose content cannot be written (a full disk) is dropped, not left empty for the others to wait on', async () => {
    const { file, lock } = freshRunner();
    faults.failLockWrite = true;
    expect(await tryLockEntry(file, fast)).toBe('unlockable');
    expect(existsSync(lock)).toBe(false);
    faults.failLockWrite = false;
    const next = await tryLockEntry(file, fast);
    expect(isLock(next)).toBe(true);
    if (isLock(next)) await next.release();
  });

  it('a stale lock that cannot be removed (a read-only cache) does not fail the stage: it is computed without the lock', async () => {
    const { runner, lock } = freshRunner();
    plantStaleLock(lock);
    faults.readOnly = /\.lock\.tmp$/;
    const calls = { n: 0 };
    expect(await runner.run(stage(calls))).toEqual({ answer: 42 });
    expect(calls.n).toBe(1);
  });

  it('a corrupt entry that cannot be removed (a read-only cache) is recomputed with a warning, not a failed stage', async () => {
    const warnings: string[] = [];
    const { runner, file } = freshRunner({ ...silentLogger, warn: (m) => warnings.push(m) });
    writeFileSync(file, 'not an entry');
    faults.readOnly = /k1\.bin$/;
    const calls = { n: 0 };
    expect(await runner.run(stage(calls))).toEqual({ answer: 42 });
    expect(calls.n).toBe(1);
    // (read twice: before the lock, and after taking it, in case another worker stored it meanwhile)
    expect(runner.stats.corrupt.get('fit')).toBeGreaterThanOrEqual(1);
    expect(warnings.join('\n')).toMatch(/is corrupt: bad header; recomputing it/);
  });
});
