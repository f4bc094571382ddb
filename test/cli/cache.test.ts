import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFingerprint } from '../../src/engine/cache/fingerprint.ts';
import { runBinary as bin, runCliCaptured as cli } from './run-cli.ts';

const current = codeFingerprint();
const STALE = '0123456789abcdef';
const HOUR = 3600_000;

/** A cache with the current code's entries, a stale fingerprint's entry and an orphaned temp file. */
function makeCache(): string {
  const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-cli-'));
  const files: [string, number, number][] = [
    [`${current}/fit/fit-new.bin`, 1000, 1 * HOUR],
    [`${current}/fit/fit-old.bin`, 2000, 30 * 24 * HOUR],
    [`${current}/fit/fit-x.bin.9.abcdef.tmp`, 10, 5 * HOUR],
    [`${STALE}/label/label-1.bin`, 4000, 2 * HOUR],
  ];
  for (const [rel, bytes, age] of files) {
    const file = join(dir, 'v1', rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.alloc(bytes));
    const t = (Date.now() - age) / 1000;
    utimesSync(file, t, t);
  }
  return dir;
}

const binFiles = (dir: string): string[] =>
  readdirSync(join(dir, 'v1'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.bin'))
    .sort();

describe('regaudit cache (in process)', () => {
  it('info --json lists each fingerprint directory, marks the current code, and totals', async () => {
    const dir = makeCache();
    const r = await cli(['cache', 'info', '--cache-dir', dir, '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ dir, exists: true, current, total: { entries: 3, bytes: 7000, tempFiles: 1, tempBytes: 10 } });
    expect(info.fingerprints.map((f: { fingerprint: string; current: boolean; entries: number; bytes: number }) => [f.fingerprint, f.current, f.entries, f.bytes])).toEqual([
      [current, true, 2, 3000],
      [STALE, false, 1, 4000],
    ]);
    const text = await cli(['cache', 'info', '--cache-dir', dir]);
    expect(text.stdout).toMatch(new RegExp(`^\\* ${current} +2 .*\\(current code\\)`, 'm'));
    expect(text.stdout).toContain('total: 3 entries');
  });

  it('prune removes the stale fingerprint and the orphaned temp file and keeps the current code', async () => {
    const dir = makeCache();
    const r = await cli(['cache', 'prune', '--cache-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('removed 1 entry (3.9 KiB) and 1 temp file (10 B)');
    expect(binFiles(dir)).toEqual([`${current}/fit/fit-new.bin`, `${current}/fit/fit-old.bin`]);
    expect(existsSync(join(dir, 'v1', STALE))).toBe(false);
  });

  it('prune --dry-run deletes nothing; --older-than and --max-size take the oldest', async () => {
    const dir = makeCache();
    const dry = await cli(['cache', 'prune', '--cache-dir', dir, '--dry-run', '--older-than', '7']);
    expect(dry.stdout).toContain('would remove 2 entries');
    expect(binFiles(dir)).toHaveLength(3);
    await cli(['cache', 'prune', '--cache-dir', dir, '--no-keep-current-only', '--max-size', '5K']);
    expect(binFiles(dir)).toEqual([`${STALE}/label/label-1.bin`, `${current}/fit/fit-new.bin`].sort());
    await cli(['cache', 'prune', '--cache-dir', dir, '--no-keep-current-only', '--older-than', '0.01']);
    expect(binFiles(dir)).toEqual([]);
  });

  it('a missing cache is nothing to prune or show, not an error', async () => {
    const missing = join(tmpdir(), 'regaudit-no-such-cache', 'x');
    expect(await cli(['cache', 'prune', '--cache-dir', missing])).toMatchObject({ code: 0, stdout: `no cache at ${missing}: nothing to prune\n` });
    expect(JSON.parse((await cli(['cache', 'info', '--cache-dir', missing, '--json'])).stdout)).toMatchObject({ exists: false, fingerprints: [] });
  });
});

describe('regaudit cache (subprocess)', () => {
  it('prune --help states the default of --keep-current-only once', async () => {
    const help = (await cli(['cache', 'prune', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--keep-current-only remove every entry of another code fingerprint (default: true)');
    expect(help).not.toContain('(default) (default');
  });

  it('exits 2 naming the flag and the fix for a bad size or day count, no stack', async () => {
    // a cache directory of its own, so that a regression could not prune the checkout's cache
    const cacheDir = ['--cache-dir', join(tmpdir(), 'regaudit-no-such-cache', 'x')];
    const size = await bin(['cache', 'prune', '--max-size', '2XB', ...cacheDir]);
    expect(size.code).toBe(2);
    expect(size.stderr).toContain("option '--max-size <size>' argument '2XB' is invalid. expected a size such as 512M, 8G or 1.5GB");
    const days = await bin(['cache', 'prune', '--older-than', 'soon', ...cacheDir]);
    expect(days.code).toBe(2);
    expect(days.stderr).toContain("option '--older-than <days>' argument 'soon' is invalid. expected a number of days >= 0");
    for (const r of [size, days]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
