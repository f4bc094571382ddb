/**
 * "Someone is computing this entry": a lock file beside a cache entry, so that two workers (threads or
 * processes sharing a cache directory, on one machine or a shared volume) that miss the same key at the
 * same time compute it once; the second waits for the first one's entry. In a sweep this is the shared
 * baseline, which the first wave's runs all need at once.
 *
 * The lock is an optimization only: entries are written atomically, so two computations of one key
 * store the same bytes. Whenever the lock cannot help (the directory is read-only, the holder died, a
 * synchronous computation starved the heartbeat) the worst case is computing twice, as without it.
 * The holder refreshes the lock's modification time every `heartbeatMs` (LOCK_TIMING); a lock older
 * than `staleMs` is abandoned (a killed process) and taken over, and so at once is a lock whose holder
 * ran on this host, in this PID namespace, in a process that no longer exists (a run killed with SIGKILL, or ended by a second
 * Ctrl-C). Its name ends like a temporary file's, so
 * `regaudit cache prune` removes one a killed process left behind.
 *
 * A lock is removed (released by its holder, or taken over) only while it still holds what its remover
 * read: it is first moved aside by an atomic rename and checked, and a lock that turns out to be
 * another one (a worker that took the stale lock over first, or one that took over the releasing
 * holder's) is linked back. So two waiters that find one stale lock do not both take it, and a holder
 * never deletes the lock of a worker that took its own over.
 */
import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { link, open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { TEMP_SUFFIX } from './entry.ts';

/** How a lock file's name ends: `<entry>.lock.tmp`. */
export const LOCK_SUFFIX = `.lock${TEMP_SUFFIX}`;

/** Timing of the lock protocol, in milliseconds (tests shorten them). */
export interface LockTiming {
  /** How often the holder refreshes the lock's modification time. */
  readonly heartbeatMs: number;
  /** A lock not refreshed for this long is taken over. */
  readonly staleMs: number;
  /** How often a waiter looks for the entry. */
  readonly pollMs: number;
}

/** The timing used by the disk cache. */
export const LOCK_TIMING: LockTiming = { heartbeatMs: 15_000, staleMs: 60_000, pollMs: 200 };

/** What trying to lock an entry gave: the lock (release it when done), `busy` (a live holder), or `unlockable`. */
export type LockAttempt = { readonly release: () => Promise<void> } | 'busy' | 'unlockable';

/**
 * This process's PID namespace (Linux; undefined elsewhere): containers sharing a host name can reuse
 * each other's pids, so a holder is judged by its pid only within the same namespace.
 */
const PID_NAMESPACE = (() => {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
})();

/** True when the lock content `content` names a holder process of this host and PID namespace that has exited. */
function holderIsGone(content: string | undefined): boolean {
  try {
    const { host, pid, pidNamespace } = JSON.parse(content ?? '') as { host?: unknown; pid?: unknown; pidNamespace?: unknown };
    if (host !== hostname() || PID_NAMESPACE === undefined || pidNamespace !== PID_NAMESPACE || typeof pid !== 'number' || pid === process.pid) return false;
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the lock at `lock` if it still holds `expected`: renames it aside (atomic), and removes the
 * file moved aside when it holds `expected`, else links it back (unless a new lock was created
 * meanwhile). `gone`: there was no lock; `failed`: it could not be moved (a read-only directory).
 */
async function removeLockIf(lock: string, expected: string | undefined): Promise<'removed' | 'gone' | 'other' | 'failed'> {
  const aside = `${lock}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await rename(lock, aside);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'failed';
  }
  const content = await readFile(aside, 'utf8').catch(() => undefined);
  const ours = content !== undefined && content === expected;
  if (!ours) await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true }).catch(() => undefined);
  return ours ? 'removed' : 'other';
}

/**
 * Tries to create the lock for the entry at `file` (its directory must exist). A lock whose
 * modification time is older than `timing.staleMs`, or whose holder process on this host has exited,
 * is removed (if it is still that lock: removeLockIf) and the attempt repeated once; a stale lock that
 * cannot be removed (a read-only directory) gives `unlockable`.
 */
export async function tryLockEntry(file: string, timing: LockTiming = LOCK_TIMING): Promise<LockAttempt> {
  const lock = `${file}${LOCK_SUFFIX}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    // The token makes each acquisition's content unique, so removal can tell this lock from a later one.
    const content = `${JSON.stringify({ host: hostname(), pid: process.pid, pidNamespace: PID_NAMESPACE, thread: threadId, token: randomBytes(8).toString('hex') })}\n`;
    try {
      const handle = await open(lock, 'wx');
      const written = await handle.writeFile(content).then(
        () => true,
        () => false,
      );
      await handle.close();
      if (!written) {
        // An empty lock (a full disk) would keep the others waiting until it went stale: drop it, compute unlocked.
        await rm(lock, { force: true }).catch(() => undefined);
        return 'unlockable';
      }
      const heartbeat = setInterval(() => {
        const now = new Date();
        utimes(lock, now, now).catch(() => undefined);
      }, timing.heartbeatMs);
      heartbeat.unref();
      return {
        release: async () => {
          clearInterval(heartbeat);
          // Only this acquisition's lock: a worker that took it over (a starved heartbeat) keeps its own.
          await removeLockIf(lock, content);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return 'unlockable';
    }
    // Read before judging, so that what is removed is the lock judged stale, not one created since.
    const seen = await readFile(lock, 'utf8').catch(() => undefined);
    const held = await stat(lock).catch(() => undefined);
    if (held && Date.now() - held.mtimeMs <= timing.staleMs && !holderIsGone(seen)) return 'busy';
    if (held && (await removeLockIf(lock, seen)) === 'failed') return 'unlockable';
  }
  return 'busy';
}
