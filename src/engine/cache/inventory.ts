/**
 * What a disk cache holds: every file under `<dir>/v1/<fingerprint>/`, each a finished entry (`.bin`)
 * or the temporary file of a write in progress or of a killed writer (`.tmp`), with its size and
 * modification time, and a summary per fingerprint directory (`regaudit cache info`). Listing races
 * with running audits and other prunes: a file or directory that vanishes while it is read is skipped.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir } from '../../core/errors.ts';
import { refuseCheckoutEscape } from '../out-dir.ts';
import { CACHE_LAYOUT, ENTRY_SUFFIX } from './disk-runner.ts';
import { TEMP_SUFFIX } from './entry.ts';
import { isCodeFingerprint } from './fingerprint.ts';

/** One file of the cache. */
export interface CacheFile {
  readonly path: string;
  /** The name of the directory under `v1/` that holds it. */
  readonly fingerprint: string;
  /** `entry`: a finished `.bin` entry; `temp`: a `.tmp` file not (yet) renamed into place. */
  readonly kind: 'entry' | 'temp';
  readonly bytes: number;
  readonly mtimeMs: number;
}

/** The files of a cache, and the directories under `v1/` (empty ones included). */
export interface CacheInventory {
  /** The layout directory, `<dir>/v1`. */
  readonly layoutDir: string;
  readonly fingerprints: readonly string[];
  readonly files: readonly CacheFile[];
}

/** A fingerprint directory in numbers. */
export interface FingerprintSummary {
  readonly fingerprint: string;
  /** It is the running code's fingerprint: the only directory `regaudit run` reads. */
  readonly current: boolean;
  /** Its name is not a code fingerprint: a stage directory of the layout before fingerprints (`v1/<stage>/`). */
  readonly legacy: boolean;
  readonly entries: number;
  readonly bytes: number;
  readonly tempFiles: number;
  readonly tempBytes: number;
  /** The latest modification time of any file in it (ms since the epoch), undefined when it holds none. */
  readonly newestMs?: number;
}

const gone = (e: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '');

/** The entries of a directory, none when it vanished. */
async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (gone(e)) return [];
    throw e;
  }
}

async function walk(dir: string, fingerprint: string, into: CacheFile[]): Promise<void> {
  for (const d of await list(dir)) {
    const path = join(dir, d.name);
    if (d.isDirectory()) {
      await walk(path, fingerprint, into);
      continue;
    }
    const kind = d.name.endsWith(ENTRY_SUFFIX) ? 'entry' : d.name.endsWith(TEMP_SUFFIX) ? 'temp' : undefined;
    if (!d.isFile() || !kind) continue;
    try {
      const s = await stat(path);
      into.push({ path, fingerprint, kind, bytes: s.size, mtimeMs: s.mtimeMs });
    } catch (e) {
      if (!gone(e)) throw e;
    }
  }
}

/**
 * Whether the cache directory `dir` (`--cache-dir`) exists: false when it does not (a run creates it).
 * Throws CACHE_DIR (exit 2) when it, or one of its parents, is not a directory or cannot be looked at
 * (permissions, a symbolic-link loop), and OUT_DIR_OUTSIDE when
 * it lies in the working directory (the default does) but a symbolic link there leads it out: the
 * checkout must not make a run write, or `cache prune` delete, files elsewhere.
 */
export async function cacheDirExists(dir: string): Promise<boolean> {
  refuseCheckoutEscape(dir, '--cache-dir');
  const notADirectory = (problem: string) => cacheDir(dir, problem, 'Pass a directory as --cache-dir (`regaudit run` creates a missing one).');
  const root = await stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    if (e.code === 'ENOTDIR') throw notADirectory('one of its parents is not a directory.');
    throw cacheDir(dir, `cannot be read (${e.code ?? e.message}).`, 'Pass a --cache-dir this user can read and write, or fix its permissions (or a symbolic-link loop) on the path.');
  });
  if (root && !root.isDirectory()) throw notADirectory('is not a directory.');
  return root !== undefined;
}

/**
 * Lists the cache at `dir` (the `--cache-dir` of `regaudit run`); undefined when there is none.
 * Throws CACHE_DIR (exit 2) when `dir` is not a readable directory.
 */
export async function readInventory(dir: string): Promise<CacheInventory | undefined> {
  if (!(await cacheDirExists(dir))) return undefined;
  const layoutDir = join(dir, CACHE_LAYOUT);
  const fingerprints = (await list(layoutDir).catch((e: Error) => {
    throw cacheDir(layoutDir, `cannot be read (${e.message}).`, 'Check its permissions, or pass another --cache-dir.');
  }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const files: CacheFile[] = [];
  for (const fingerprint of fingerprints) await walk(join(layoutDir, fingerprint), fingerprint, files);
  return { layoutDir, fingerprints, files };
}

/** One summary per fingerprint directory, the current one first, then the most recently modified first. */
export function summarize(inventory: CacheInventory, current: string): FingerprintSummary[] {
  return inventory.fingerprints
    .map((fingerprint): FingerprintSummary => {
      const files = inventory.files.filter((f) => f.fingerprint === fingerprint);
      const entries = files.filter((f) => f.kind === 'entry');
      const temps = files.filter((f) => f.kind === 'temp');
      const sum = (fs: readonly CacheFile[]) => fs.reduce((s, f) => s + f.bytes, 0);
      const summary = { fingerprint, current: fingerprint === current, legacy: !isCodeFingerprint(fingerprint), entries: entries.length, bytes: sum(entries), tempFiles: temps.length, tempBytes: sum(temps) };
      return files.length ? { ...summary, newestMs: files.reduce((m, f) => Math.max(m, f.mtimeMs), -Infinity) } : summary;
    })
    .sort((a, b) => Number(b.current) - Number(a.current) || (b.newestMs ?? -Infinity) - (a.newestMs ?? -Infinity) || a.fingerprint.localeCompare(b.fingerprint));
}
