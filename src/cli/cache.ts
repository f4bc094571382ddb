/**
 * `regaudit cache info | prune [--cache-dir DIR]`: what the disk cache of `regaudit run` holds per code
 * fingerprint, and removing what the running code never reads again (other fingerprints; temporary
 * files of killed writers), entries not used for days (`--older-than`) and the least recently
 * used entries beyond a size (`--max-size`). A missing cache is not an error: nothing to show or prune.
 */
import type { Command } from 'commander';
import { ExitCode } from '../core/errors.ts';
import { countOf } from '../core/format.ts';
import { DEFAULT_CACHE_DIR, resolveCacheDir } from '../engine/cache/disk-runner.ts';
import { codeFingerprint } from '../engine/cache/fingerprint.ts';
import { readInventory, summarize, type FingerprintSummary } from '../engine/cache/inventory.ts';
import { pruneCache, type PruneReason } from '../engine/cache/prune.ts';
import { formatBytes } from '../engine/memory.ts';
import type { CliContext } from './context.ts';
import { bytesOption, numberOption, pathOption } from './option-parsers.ts';

/** Options of `regaudit cache prune`. */
interface PruneFlags {
  cacheDir?: string;
  keepCurrentOnly: boolean;
  olderThan?: number;
  maxSize?: number;
  dryRun?: boolean;
}

const daysOption = numberOption((days) => days >= 0, 'a number of days >= 0 (e.g. 30 or 0.5)');

/** The sums over all fingerprint directories. */
function totalOf(rows: readonly FingerprintSummary[]): { entries: number; bytes: number; tempFiles: number; tempBytes: number } {
  const total = { entries: 0, bytes: 0, tempFiles: 0, tempBytes: 0 };
  for (const r of rows) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
  return total;
}

const when = (ms: number | undefined): string => (ms === undefined ? '-' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`);

function infoText(dir: string, current: string, rows: readonly FingerprintSummary[]): string {
  const lines = [`cache ${dir}`];
  if (!rows.some((r) => r.current)) lines.push(`current code ${current}: no entries yet`);
  const width = Math.max(16, ...rows.map((r) => r.fingerprint.length));
  if (rows.length) {
    lines.push(`  ${'fingerprint'.padEnd(width)}  ${'entries'.padStart(8)}  ${'size'.padStart(10)}  newest`);
    for (const r of rows) {
      const note = r.current ? '  (current code)' : r.legacy ? '  (layout before fingerprints)' : '';
      const temps = r.tempFiles ? `, ${countOf(r.tempFiles, 'temp file')} (${formatBytes(r.tempBytes)})` : '';
      lines.push(`${r.current ? '*' : ' '} ${r.fingerprint.padEnd(width)}  ${String(r.entries).padStart(8)}  ${formatBytes(r.bytes).padStart(10)}  ${when(r.newestMs)}${note}${temps}`);
    }
  }
  const total = totalOf(rows);
  const temps = total.tempFiles ? `, ${countOf(total.tempFiles, 'temp file')} (${formatBytes(total.tempBytes)})` : '';
  lines.push(`total: ${countOf(total.entries, 'entry', 'entries')} (${formatBytes(total.bytes)}) in ${countOf(rows.length, 'directory', 'directories')}${temps}`);
  const stale = rows.filter((r) => !r.current && r.entries).length;
  if (stale) lines.push(`${countOf(stale, 'directory', 'directories')} of other code: never read by this code; \`regaudit cache prune\` removes ${stale === 1 ? 'it' : 'them'}.`);
  return `${lines.join('\n')}\n`;
}

/** Registers `cache info` and `cache prune`. */
export function registerCacheCommand(program: Command, ctx: CliContext): void {
  const cache = program.command('cache').description('show or prune the disk cache of finished stages (see docs/scale.md)');
  cache
    .command('info')
    .description('per code fingerprint directory: entries, bytes, newest modification; which is the current code')
    .option('--cache-dir <dir>', `the cache (default ${DEFAULT_CACHE_DIR})`, pathOption)
    .option('--json', 'print JSON: {dir, exists, current, fingerprints: [{fingerprint, current, legacy, entries, bytes, tempFiles, tempBytes, newest}], total}')
    .action(async (opts: { cacheDir?: string; json?: boolean }) => {
      const dir = resolveCacheDir(opts.cacheDir);
      const current = codeFingerprint();
      const inventory = await readInventory(dir);
      const rows = inventory ? summarize(inventory, current) : [];
      if (opts.json) {
        const fingerprints = rows.map(({ newestMs, ...r }) => ({ ...r, newest: newestMs === undefined ? null : new Date(newestMs).toISOString() }));
        ctx.stdout.write(`${JSON.stringify({ dir, exists: inventory !== undefined, current, fingerprints, total: totalOf(rows) }, null, 2)}\n`);
      } else {
        ctx.stdout.write(inventory ? infoText(dir, current, rows) : `no cache at ${dir}\n`);
      }
    });
  cache
    .command('prune')
    .description("delete what the current code never reads: other code fingerprints' entries (default) and temp files of killed runs older than an hour; optionally old entries and entries beyond a size")
    .option('--cache-dir <dir>', `the cache (default ${DEFAULT_CACHE_DIR})`, pathOption)
    .option('--keep-current-only', 'remove every entry of another code fingerprint', true)
    .option('--no-keep-current-only', 'keep the entries of other code fingerprints (a cache shared by several versions)')
    .option('--older-than <days>', 'also remove entries (any fingerprint) not used (written or served) within this many days', daysOption)
    .option('--max-size <size>', 'then remove the least recently used entries until the rest fit (e.g. 2GB, 500M)', bytesOption)
    .option('--dry-run', 'say what would be removed, delete nothing')
    .action(async (opts: PruneFlags) => {
      const dir = resolveCacheDir(opts.cacheDir);
      const inventory = await readInventory(dir);
      if (!inventory) {
        ctx.stdout.write(`no cache at ${dir}: nothing to prune\n`);
        return;
      }
      const result = await pruneCache(inventory, { current: codeFingerprint(), keepCurrentOnly: opts.keepCurrentOnly, olderThanDays: opts.olderThan, maxBytes: opts.maxSize, now: Date.now(), dryRun: opts.dryRun === true });
      const why: Record<PruneReason, string> = {
        staleCode: 'of other code',
        olderThan: `older than ${opts.olderThan} days`,
        maxSize: `beyond --max-size ${formatBytes(opts.maxSize ?? 0)}`,
        orphanedTemp: 'orphaned temp files (older than an hour)',
      };
      const r = result.removed;
      const entries = { files: r.staleCode.files + r.olderThan.files + r.maxSize.files, bytes: r.staleCode.bytes + r.olderThan.bytes + r.maxSize.bytes };
      const lines = [`${opts.dryRun ? 'would remove' : 'removed'} ${countOf(entries.files, 'entry', 'entries')} (${formatBytes(entries.bytes)}) and ${countOf(r.orphanedTemp.files, 'temp file')} (${formatBytes(r.orphanedTemp.bytes)}) from ${dir}`];
      for (const reason of Object.keys(why) as PruneReason[]) if (r[reason].files) lines.push(`  ${why[reason]}: ${r[reason].files} (${formatBytes(r[reason].bytes)})`);
      if (result.vanished) lines.push(`  ${countOf(result.vanished, 'file')} already gone (removed by another process meanwhile)`);
      lines.push(`kept ${countOf(result.kept.files, 'entry', 'entries')} (${formatBytes(result.kept.bytes)})`);
      ctx.stdout.write(`${lines.join('\n')}\n`);
      for (const f of result.failed) ctx.stderr.write(`error [CACHE_PRUNE]: could not remove ${f.path}: ${f.message}\n`);
      if (result.failed.length) ctx.exitCode = ExitCode.runtime;
    });
}
