/**
 * Pruning the disk cache (`regaudit cache prune`): decides which files of an inventory go, then
 * deletes them. In order: temporary files older than an hour (writers killed mid-write; younger ones
 * may belong to a running audit and are never touched); entries of other code's fingerprints
 * (`keepCurrentOnly`); entries not used (served or written) within `olderThanDays`; then the least recently used
 * entries until the rest fit in `maxBytes`. Safe beside a running audit: entries appear by rename, a
 * file that vanished meanwhile is counted as such, and the current fingerprint's directories are never
 * removed (a running audit may be about to write in them); emptied directories of other fingerprints are.
 */
import type { Dirent } from 'node:fs';
import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheFile, CacheInventory } from './inventory.ts';

/** Temporary files younger than this may be a running write and are never deleted. */
const TEMP_GRACE_MS = 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What to prune. */
export interface PruneOptions {
  /** The running code's fingerprint. */
  readonly current: string;
  /** Remove every entry of another fingerprint. */
  readonly keepCurrentOnly: boolean;
  /** Remove entries (any fingerprint) last used (modification time: written or served) more than this many days before `now`. */
  readonly olderThanDays?: number;
  /** Then remove the least recently used entries until the remaining entries' bytes fit. */
  readonly maxBytes?: number;
  /** The time ages are measured from (ms since the epoch). */
  readonly now: number;
  /** Decide and count, delete nothing. */
  readonly dryRun: boolean;
}

/** Why a file is removed. */
export type PruneReason = 'orphanedTemp' | 'staleCode' | 'olderThan' | 'maxSize';

/** Files and bytes. */
export interface FileCount {
  readonly files: number;
  readonly bytes: number;
}

/** What a prune removed (or, dry, would remove) and what it kept. */
export interface PruneResult {
  readonly removed: Record<PruneReason, FileCount>;
  /** Files already gone when their turn came (removed by a concurrent prune or a run replacing a corrupt entry). */
  readonly vanished: number;
  /** Files that could not be deleted, with the reason. */
  readonly failed: readonly { readonly path: string; readonly message: string }[];
  /** Entries that stay. */
  readonly kept: FileCount;
}

/** Which files go, and why. */
function choose(inventory: CacheInventory, o: PruneOptions): Map<CacheFile, PruneReason> {
  const out = new Map<CacheFile, PruneReason>();
  const kept: CacheFile[] = [];
  for (const f of inventory.files) {
    if (f.kind === 'temp') {
      if (o.now - f.mtimeMs > TEMP_GRACE_MS) out.set(f, 'orphanedTemp');
    } else if (o.keepCurrentOnly && f.fingerprint !== o.current) out.set(f, 'staleCode');
    else if (o.olderThanDays !== undefined && o.now - f.mtimeMs > o.olderThanDays * DAY_MS) out.set(f, 'olderThan');
    else kept.push(f);
  }
  if (o.maxBytes !== undefined) {
    let total = kept.reduce((s, f) => s + f.bytes, 0);
    const oldestFirst = kept.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
    for (const f of oldestFirst) {
      if (total <= o.maxBytes) break;
      out.set(f, 'maxSize');
      total -= f.bytes;
    }
  }
  return out;
}

/** Removes the empty directories under `dir` and `dir` itself when empty; a directory in use stays. */
async function removeEmptyDirs(dir: string): Promise<void> {
  const children: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const d of children) if (d.isDirectory()) await removeEmptyDirs(join(dir, d.name));
  // Fails when not empty (a file left, or a concurrent writer's new one) or already gone: both fine.
  await rmdir(dir).catch(() => undefined);
}

/** Prunes the cache listed by `inventory` (from `readInventory`) as `options` say. */
export async function pruneCache(inventory: CacheInventory, options: PruneOptions): Promise<PruneResult> {
  const chosen = choose(inventory, options);
  const removed: Record<PruneReason, { files: number; bytes: number }> = { orphanedTemp: { files: 0, bytes: 0 }, staleCode: { files: 0, bytes: 0 }, olderThan: { files: 0, bytes: 0 }, maxSize: { files: 0, bytes: 0 } };
  const failed: { path: string; message: string }[] = [];
  const stays = new Set(inventory.files.filter((f) => f.kind === 'entry' && !chosen.has(f)));
  let vanished = 0;
  for (const [file, reason] of chosen) {
    if (!options.dryRun) {
      try {
        await unlink(file.path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') vanished++;
        else {
          failed.push({ path: file.path, message: (e as Error).message });
          if (file.kind === 'entry') stays.add(file);
        }
        continue;
      }
    }
    removed[reason].files++;
    removed[reason].bytes += file.bytes;
  }
  if (!options.dryRun) {
    for (const fingerprint of inventory.fingerprints) if (fingerprint !== options.current) await removeEmptyDirs(join(inventory.layoutDir, fingerprint));
  }
  return { removed, vanished, failed, kept: { files: stays.size, bytes: [...stays].reduce((s, f) => s + f.bytes, 0) } };
}
