import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/plugin.ts';
import { LOCK_SUFFIX, tryLockEntry, type LockTiming } from '../../../src/engine/cache/compute-lock.ts';
import { DiskStageRunner } from '../../../src/engine/cache/disk-runner.ts';
import type { Stage } from '../../../src/engine/stage-runner.ts';

const fast: LockTiming = { heartbeatMs: 20, staleMs: 300, pollMs: 10 };
const identity = { toData: async (v: unknown) => v, fromData: async (d: unknown) => d as { answer: number } };

/** A stage that takes `ms` to compute `{ answer }` (or throws when `fail`), counting its computations in `calls`. */
function slowStage(calls: { n: number }, ms: number, fail = false): Stage<{ answer: number }> {
  return {
    name: 'fit', key: 'k1', codec: identity,
    async compute() {
      calls.n++;
      await pause(ms);
      if (fail) throw new Error('training diverged');
      return { answer: 42 };
    },
  };
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'regaudit-lock-'));

/** A runner on a fresh directory where a lock for the stage's entry already exists (another worker's); returns the lock's path. */
function runnerWithPlantedLock(): { runner: DiskStageRunner; lock: string } {
  const runner = new DiskStageRunner(freshDir(), silentLogger, fast);
  const file = runner.fileOf({ name: 'fit', key: 'k1' });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}${LOCK_SUFFIX}`, '{"pid":1}\n');
  return { runner, lock: `${file}${LOCK_SUFFIX}` };
}

/**
 * A runner (stale age `staleMs`) on a fresh directory where the stage's entry is locked by a process of
 * this host that has exited, recorded in PID namespace `pidNamespace`.
 */
function runnerWithExitedHolder(staleMs: number, pidNamespace: string): DiskStageRunner {
  const runner = new DiskStageRunner(freshDir(), silentLogger, { ...fast, staleMs });
  const file = runner.fileOf({ name: 'fit', key: 'k1' });
  mkdirSync(dirname(file), { recursive: true });
  const child = spawnSync(process.execPath, ['-e', '0']);
  writeFileSync(`${file}${LOCK_SUFFIX}`, `${JSON.stringify({ host: hostname(), pid: child.pid, pidNamespace, thread: 0 })}\n`);
  return runner;
}

describe('cache compute lock', () => {
  it('two workers missing the same key at once compute it once: the second waits for the entry, even past the stale age', async () => {
    const dir = freshDir();
    // A stale age 50 heartbeats long, so a busy machine's stalled event loop cannot make the live lock
    // look stale; 1.2 s of computing > staleMs: the holder's heartbeat keeps the lock alive.
    const timing: LockTiming = { ...fast, staleMs: 1000 };
    const [a, b] = [new DiskStageRunner(dir, silentLogger, timing), new DiskStageRunner(dir, silentLogger, timing)];
    const calls = { n: 0 };
    const [x, y] = await Promise.all([a.run(slowStage(calls, 1200)), b.run(slowStage(calls, 1200))]);
    expect(calls.n).toBe(1);
    expect([x, y]).toEqual([{ answer: 42 }, { answer: 42 }]);
    // Whichever took the lock computed; the other was served the entry.
    const count = (m: Map<string, number>) => m.get('fit') ?? 0;
    expect(count(a.stats.computed) + count(b.stats.computed)).toBe(1);
    expect(count(a.stats.hits) + count(b.stats.hits)).toBe(1);
    const entryDir = dirname(a.fileOf({ name: 'fit', key: 'k1' }));
    expect(readdirSync(entryDir)).toEqual(['k1.bin']);
  });

  it('when the holder fails, the waiter computes it itself', async () => {
    const dir = freshDir();
    const [a, b] = [new DiskStageRunner(dir, silentLogger, fast), new DiskStageRunner(dir, silentLogger, fast)];
    const calls = { n: 0 };
    const failing = a.run(slowStage(calls, 300, true));
    // b starts once a holds the lock, so b is the waiter.
    const lock = `${a.fileOf({ name: 'fit', key: 'k1' })}${LOCK_SUFFIX}`;
    while (!existsSync(lock)) await pause(2);
    const waiting = b.run(slowStage(calls, 10));
    await expect(failing).rejects.toThrow('training diverged');
    expect(await waiting).toEqual({ answer: 42 });
    expect(calls.n).toBe(2);
  });

  it('a lock left by a killed worker (not refreshed for the stale age) is taken over', async () => {
    const { runner, lock } = runnerWithPlantedLock();
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    const calls = { n: 0 };
    expect(await runner.run(slowStage(calls, 5))).toEqual({ answer: 42 });
    expect(calls.n).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });

  it('a fresh lock whose holder never finishes is waited on until it goes stale, then taken over', async () => {
    const { runner } = runnerWithPlantedLock();
    const calls = { n: 0 };
    const started = Date.now();
    expect(await runner.run(slowStage(calls, 5))).toEqual({ answer: 42 });
    expect(calls.n).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(fast.staleMs - 20);
  });

  it('a fresh lock held by a process of this host that has exited is taken over at once', async () => {
    const runner = runnerWithExitedHolder(600_000, readlinkSync('/proc/self/ns/pid'));
    const calls = { n: 0 };
    // with a 10-minute stale age, only the dead-holder check lets this finish within the test's timeout
    expect(await runner.run(slowStage(calls, 5))).toEqual({ answer: 42 });
    expect(calls.n).toBe(1);
  });

  it('a worker waiting for another worker\'s entry stops when its stage is aborted (timeout, interrupt)', async () => {
    const { runner } = runnerWithPlantedLock();
    const calls = { n: 0 };
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stage timeout')), 30);
    // the planted lock stays fresh for 300 ms; the abort comes first
    const lockFile = runner.fileOf({ name: 'fit', key: 'k1' }) + LOCK_SUFFIX;
    const keepFresh = setInterval(() => { const now = new Date(); try { utimesSync(lockFile, now, now); } catch { /* taken over */ } }, 10);
    try {
      await expect(runner.run({ ...slowStage(calls, 5), signal: controller.signal })).rejects.toThrow('stage timeout');
    } finally {
      clearInterval(keepFresh);
    }
    expect(calls.n).toBe(0);
  });

  it('a holder whose lock another worker took over does not remove that worker\'s lock when it releases', async () => {
    const file = join(freshDir(), 'k1.bin');
    const mine = await tryLockEntry(file, fast);
    if (typeof mine !== 'object') throw new Error(`expected the lock, got ${mine}`);
    const lock = `${file}${LOCK_SUFFIX}`;
    // another worker judged it stale (a starved heartbeat) and replaced it with its own
    const theirs = `${JSON.stringify({ host: 'elsewhere', pid: 7, token: 'theirs' })}\n`;
    writeFileSync(`${lock}.new`, theirs);
    renameSync(`${lock}.new`, lock);
    await mine.release();
    expect(readFileSync(lock, 'utf8')).toBe(theirs);
    expect(readdirSync(dirname(lock))).toEqual(['k1.bin.lock.tmp']);
  });

  it('does not judge a holder by its pid in another PID namespace (a container sharing the host name)', async () => {
    const runner = runnerWithExitedHolder(300, 'pid:[1]');
    const calls = { n: 0 };
    const started = Date.now();
    expect(await runner.run(slowStage(calls, 5))).toEqual({ answer: 42 });
    // waited for the lock to go stale instead of taking it over at once
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});
