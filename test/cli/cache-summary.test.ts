/**
 * `regaudit run` says what the disk cache did for each spec: stage outputs read and computed, counted
 * in this thread (`--jobs 1`) and in the worker threads (`--jobs 2`), so a warm rerun shows it computed
 * nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-summary-'));
const spec = join(dir, 'cached.audit.yaml');
writeFileSync(spec, 'name: cached\nrepeats: 2\ndata: { train: 200, test: 50 }\noracle: { use: barrier }\nmodel: { use: mlp, with: { hidden: [4], maxEpochs: 1, threads: 1 } }\n');

/** A second spec with other name but the same stages. */
const twin = join(dir, 'twin.audit.yaml');
writeFileSync(twin, readFileSync(spec, 'utf8').replace('name: cached', 'name: twin'));

/** The counts on spec `name`'s cache line of `stderr`. */
function cacheLine(stderr: string, cacheDir: string, name = 'cached'): { read: number; computed: number } {
  const m = new RegExp(`${name}: cache ${cacheDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (\\d+) stage outputs? read, (\\d+) computed`).exec(stderr);
  if (!m) throw new Error(`no cache line for ${name} in:\n${stderr}`);
  return { read: Number(m[1]), computed: Number(m[2]) };
}

describe('the cache line of regaudit run', () => {
  // Two repeats: sample and label of the train and test sets, shared, and a fit each: 6 computed. With
  // two workers, the one that does not compute a shared data stage reads it (4 reads); in one thread the
  // repeats share them in memory.
  it.each([['1', 0], ['2', 4]])('counts what was computed cold and read warm (--jobs %s), per spec', async (jobs, coldReads) => {
    const cacheDir = join(dir, `cache-${jobs}`);
    const run = (...specs: string[]) => runBinary(['run', ...specs, '--jobs', jobs, '--cache-dir', cacheDir, '--out', join(dir, `out-${jobs}`), '--reporter', 'json']);
    const cold = await run(spec);
    expect(cold.code).toBe(0);
    expect(cacheLine(cold.stderr, cacheDir)).toEqual({ read: coldReads, computed: 6 });
    // Two specs in one invocation: each line counts its own spec's stages.
    const warm = await run(spec, twin);
    expect(warm.code).toBe(0);
    expect(cacheLine(warm.stderr, cacheDir)).toEqual({ read: coldReads + 6, computed: 0 });
    expect(cacheLine(warm.stderr, cacheDir, 'twin')).toEqual({ read: coldReads + 6, computed: 0 });
    const uncached = await runBinary(['run', spec, '--jobs', jobs, '--no-cache', '--out', join(dir, `out-${jobs}`), '--reporter', 'json']);
    expect(uncached.code).toBe(0);
    expect(uncached.stderr).not.toMatch(/stage outputs? read/);
  });
});
