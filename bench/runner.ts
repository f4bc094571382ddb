/**
 * Runs bench cases with tinybench and their anchors (peer scripts) with /usr/bin/python3, so both sides
 * of a ratio are measured in the same session on the same machine.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Bench } from 'tinybench';
import type { BenchAnchor, BenchCase } from './case.ts';

const run = promisify(execFile);
/** The interpreter the anchors are written for (Debian's, with apt-installed modules). */
const ANCHOR_PYTHON = '/usr/bin/python3';

/** Timing settings for one case. */
export interface BenchSettings {
  /** Minimum milliseconds of timed runs. */
  readonly time: number;
  /** Minimum timed runs. */
  readonly iterations: number;
}

/** One case's measurement. */
export interface CaseResult {
  readonly name: string;
  /** Items per second (items / mean run time). */
  readonly throughput: number;
  readonly unit: string;
  readonly items: number;
  readonly meanMs: number;
  /** Relative margin of error of the mean run time, in percent. */
  readonly rme: number;
  readonly samples: number;
}

/** An anchor's measurement, or why it was skipped. */
export type AnchorResult = { readonly script: string; readonly throughput: number; readonly output: Record<string, unknown> } | { readonly script: string; readonly skipped: string };

/** Times one case (setup and teardown untimed; one warm-up run). */
export async function runCase(c: BenchCase, settings: BenchSettings): Promise<CaseResult> {
  await c.setup?.();
  try {
    const bench = new Bench({ time: settings.time, iterations: settings.iterations, warmupIterations: 1, warmupTime: 0 });
    // async: true, or tinybench calls run() once at add() to see whether it returns a promise, without
    // awaiting it, so that run overlaps the warm-up (two epochs at once on one trainer).
    bench.add(c.name, () => c.run(), { async: true });
    await bench.run();
    const result = bench.tasks[0]!.result;
    if (result.state === 'errored') throw result.error;
    if (result.state !== 'completed') throw new Error(`bench ${c.name} did not complete (${result.state})`);
    return {
      name: c.name,
      throughput: (c.items * 1000) / result.period,
      unit: c.unit,
      items: c.items,
      meanMs: result.period,
      rme: result.latency.rme,
      samples: Math.round(result.totalTime / result.period), // period is totalTime / runs
    };
  } finally {
    await c.teardown?.();
  }
}

/** Runs an anchor script from `dir` when python and its modules are there; its JSON line's `field` is the throughput. */
export async function runAnchor(anchor: BenchAnchor, dir: string): Promise<AnchorResult> {
  const { script } = anchor;
  const path = join(dir, script);
  if (!existsSync(ANCHOR_PYTHON)) return { script, skipped: `${ANCHOR_PYTHON} not found` };
  if (!existsSync(path)) return { script, skipped: `${path} not found` };
  const missing: string[] = [];
  for (const module of anchor.modules) await run(ANCHOR_PYTHON, ['-c', `import ${module}`]).catch(() => missing.push(module));
  if (missing.length) return { script, skipped: `python modules missing (${missing.join(', ')}); see the script's header for the apt package` };
  const { stdout } = await run(ANCHOR_PYTHON, [path, ...anchor.args], { maxBuffer: 1 << 20 });
  const last = stdout.trim().split('\n').pop() ?? '';
  const output = JSON.parse(last) as Record<string, unknown>;
  const throughput = output[anchor.field];
  if (typeof throughput !== 'number') return { script, skipped: `no numeric "${anchor.field}" in its output: ${last}` };
  return { script, throughput, output };
}
