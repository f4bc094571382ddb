import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInventory, summarize } from '../../../src/engine/cache/inventory.ts';
import { pruneCache, type PruneOptions } from '../../../src/engine/cache/prune.ts';

const NOW = Date.UTC(2026, 0, 15);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const CURRENT = 'aaaaaaaaaaaaaaaa';
const STALE = 'bbbbbbbbbbbbbbbb';

/** The files of the test cache: path under v1/, size, age. */
const LAYOUT: [string, number, number][] = [
  [`${CURRENT}/fit/fit-1.bin`, 100, 1 * DAY],
  [`${CURRENT}/fit/fit-2.bin`, 200, 10 * DAY],
  [`${CURRENT}/label/label-1.bin`, 300, 3 * DAY],
  [`${CURRENT}/fit/fit-3.bin.77.abcdef.tmp`, 50, 2 * HOUR], // orphaned by a killed run
  [`${STALE}/fit/fit-9.bin`, 400, 2 * DAY],
  [`${STALE}/fit/fit-8.bin.12.123456.tmp`, 60, 0.25 * HOUR], // a write in progress
  ['sample/sample-1.bin', 10, 20 * DAY], // layout before fingerprints
];

/** A fresh cache as LAYOUT says, mtimes relative to NOW. */
function makeCache(): string {
  const dir = mkdtempSync(join(tmpdir(), 'regaudit-prune-'));
  for (const [rel, bytes, age] of LAYOUT) {
    const file = join(dir, 'v1', rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.alloc(bytes));
    utimesSync(file, (NOW - age) / 1000, (NOW - age) / 1000);
  }
  writeFileSync(join(dir, 'not-ours.txt'), 'x');
  return dir;
}

/** Every file under `dir`, relative, sorted. */
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();

async function prune(dir: string, options: Partial<PruneOptions> = {}) {
  const inventory = (await readInventory(dir))!;
  return pruneCache(inventory, { current: CURRENT, keepCurrentOnly: true, now: NOW, dryRun: false, ...options });
}

describe('cache inventory', () => {
  it('sums each fingerprint directory, current first (newest: any file, temp files included), and marks the layout before fingerprints', async () => {
    const rows = summarize((await readInventory(makeCache()))!, CURRENT);
    expect(rows.map((r) => [r.fingerprint, r.current, r.legacy, r.entries, r.bytes, r.tempFiles, r.tempBytes])).toEqual([
      [CURRENT, true, false, 3, 600, 1, 50],
      [STALE, false, false, 1, 400, 1, 60],
      ['sample', false, true, 1, 10, 0, 0],
    ]);
    expect(rows.map((r) => r.newestMs)).toEqual([NOW - 2 * HOUR, NOW - 0.25 * HOUR, NOW - 20 * DAY]);
  });

  it('is undefined for a missing cache, and refuses a file', async () => {
    const dir = makeCache();
    expect(await readInventory(join(dir, 'absent'))).toBeUndefined();
    await expect(readInventory(join(dir, 'not-ours.txt'))).rejects.toMatchObject({ code: 'CACHE_DIR', exitCode: 2 });
  });

  it('refuses a path that cannot be looked at (a symbolic-link loop) as CACHE_DIR, not an internal error', async () => {
    const dir = makeCache();
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    await expect(readInventory(join(dir, 'loop-a'))).rejects.toMatchObject({ code: 'CACHE_DIR', exitCode: 2, message: expect.stringMatching(/cannot be read \(ELOOP\)/) });
  });
});

describe('pruneCache', () => {
  it('by default removes other fingerprints and orphaned temp files, keeps the current code and young temp files', async () => {
    const dir = makeCache();
    const r = await prune(dir);
    expect(r.removed).toEqual({ staleCode: { files: 2, bytes: 410 }, olderThan: { files: 0, bytes: 0 }, maxSize: { files: 0, bytes: 0 }, orphanedTemp: { files: 1, bytes: 50 } });
    expect(r.kept).toEqual({ files: 3, bytes: 600 });
    expect(filesOf(dir)).toEqual(['not-ours.txt', `v1/${CURRENT}/fit/fit-1.bin`, `v1/${CURRENT}/fit/fit-2.bin`, `v1/${CURRENT}/label/label-1.bin`, `v1/${STALE}/fit/fit-8.bin.12.123456.tmp`]);
    expect(existsSync(join(dir, 'v1', 'sample'))).toBe(false); // emptied directory of other code removed
    // The young temp file keeps its directory; once it is gone, the next prune removes the directory.
    unlinkSync(join(dir, 'v1', STALE, 'fit', 'fit-8.bin.12.123456.tmp'));
    await prune(dir);
    expect(readdirSync(join(dir, 'v1'))).toEqual([CURRENT]);
  });

  it('--dry-run counts the same and deletes nothing', async () => {
    const dir = makeCache();
    const before = filesOf(dir);
    const dry = await prune(dir, { dryRun: true, maxBytes: 350 });
    expect(filesOf(dir)).toEqual(before);
    expect(await prune(makeCache(), { maxBytes: 350 })).toEqual(dry);
  });

  it('--older-than removes entries of any fingerprint not modified within N days', async () => {
    const dir = makeCache();
    const r = await prune(dir, { keepCurrentOnly: false, olderThanDays: 2.5 });
    expect(r.removed.olderThan).toEqual({ files: 3, bytes: 510 }); // 10, 3 and 20 days old
    expect(r.removed.staleCode.files).toBe(0);
    expect(filesOf(dir).filter((f) => f.endsWith('.bin'))).toEqual([`v1/${CURRENT}/fit/fit-1.bin`, `v1/${STALE}/fit/fit-9.bin`]);
  });

  it('--max-size removes the least recently modified entries until the rest fit, keeping the newest', async () => {
    const dir = makeCache();
    const r = await prune(dir, { keepCurrentOnly: false, maxBytes: 750 });
    // 1010 bytes of entries; oldest first: sample (20 d, 10), fit-2 (10 d, 200), label-1 (3 d, 300) -> 500 left.
    expect(r.removed.maxSize).toEqual({ files: 3, bytes: 510 });
    expect(r.kept).toEqual({ files: 2, bytes: 500 });
    expect(filesOf(dir).filter((f) => f.endsWith('.bin'))).toEqual([`v1/${CURRENT}/fit/fit-1.bin`, `v1/${STALE}/fit/fit-9.bin`]);
    expect((await prune(dir, { keepCurrentOnly: false, maxBytes: 500 })).removed.maxSize.files).toBe(0);
  });

  it('counts a file that vanished meanwhile (a concurrent prune or run) instead of failing', async () => {
    const dir = makeCache();
    const inventory = (await readInventory(dir))!;
    unlinkSync(join(dir, 'v1', STALE, 'fit', 'fit-9.bin'));
    const r = await pruneCache(inventory, { current: CURRENT, keepCurrentOnly: true, now: NOW, dryRun: false });
    expect(r.vanished).toBe(1);
    expect(r.removed.staleCode).toEqual({ files: 1, bytes: 10 });
    expect(r.failed).toEqual([]);
  });
});
