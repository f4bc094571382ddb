/**
 * `regaudit run` says what the disk cache did for each spec: stage outputs read and computed, counted
 * in this thread (`--jobs 1`) and in the worker threads (`--jobs 2`), so a warm rerun shows it computed
 * nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-summary-'));
const spec = join(dir, 'cached.audit.yaml');
writeFileSync(spec, 'name: cached\nrepeats: 2\ndata: { train: 200, test: 50 }\noracle: { use: barrier }\nmodel: { use: mlp, with: { hidden: [4], maxEpochs: 1, threads: 1 } }\n');

/** The counts on the cache line of `stderr`. */
function cacheLine(stderr: string, cacheDir: string): { read: number; computed: number } {
  const m = new RegExp(`cached: cache ${cacheDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (\\d+) stage outputs? read, (\\d+) computed`).exec(stderr);
  if (!m) throw new Error(`no cache line in:\n${stderr}`);
  return { read: Number(m[1]), computed: Number(m[2]) };
}

describe('the cache line of regaudit run', () => {
  it.each(['1', '2'])('counts what was computed cold and read warm (--jobs %s)', async (jobs) => {
    const cacheDir = join(dir, `cache-${jobs}`);
    const run = () => runBinary(['run', spec, '--jobs', jobs, '--cache-dir', cacheDir, '--out', join(dir, `out-${jobs}`), '--reporter', 'json']);
    const cold = await run();
    expect(cold.code).toBe(0);
    const first = cacheLine(cold.stderr, cacheDir);
    // Two repeats: sample and label of train and test, shared, and a fit each.
    expect(first.computed).toBeGreaterThanOrEqual(4);
    const warm = await run();
    expect(warm.code).toBe(0);
    expect(cacheLine(warm.stderr, cacheDir)).toEqual({ read: first.read + first.computed, computed: 0 });
    const uncached = await runBinary(['run', spec, '--jobs', jobs, '--no-cache', '--out', join(dir, `out-${jobs}`), '--reporter', 'json']);
    expect(uncached.stderr).not.toMatch(/stage outputs? read/);
  });
});
