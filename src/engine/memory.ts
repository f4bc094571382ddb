/**
 * Up-front memory bounds: before any work, estimate the memory the runs need from their sample counts
 * and the oracle's feature count, and refuse (exit 2, with the estimate) an audit whose peak exceeds
 * the budget (`--max-memory`, default half of the machine's or container's memory).
 */
import { statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { memoryBudget } from '../core/errors.ts';
import { silentLogger, silentProgress } from '../core/plugin.ts';
import { Rng } from '../core/rng.ts';
import type { DataSource, ResolvedSpec, RunPlan } from '../spec/validate.ts';
import { canonicalJson } from './stage-key.ts';

/** Bytes per float64. */
const F64 = 8;
/** Copies of the training set alive at once: sampled, poisoned, the model's float tensors and batches, predictions. */
const TRAIN_COPIES = 4;
/** Copies of an evaluation set: the set and its predictions/errors. */
const EVAL_COPIES = 2;
/** The runtime itself (node, tfjs/wasm, plugins). */
const RUNTIME_BYTES = 256 * 2 ** 20;
/** Assumed bytes per CSV value (digits and separator) when counting rows from a file's size. */
const CSV_BYTES_PER_VALUE = 8;

/** The default budget: half of the machine's memory, or of the container's limit when lower. */
export function defaultMaxMemory(): number {
  const limit = Number(process.constrainedMemory?.() ?? 0);
  const total = totalmem();
  return Math.floor(0.5 * (limit > 0 && limit < total ? limit : total));
}

/** Parses `512M`, `8G`, `1.5GB`, `1e9` (bytes); undefined when malformed. */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!m) return undefined;
  const scale = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const bytes = Number(m[1]) * scale;
  return Number.isFinite(bytes) && bytes > 0 ? Math.round(bytes) : undefined;
}

/** Bytes in a readable unit. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) (v /= 1024), u++;
  return `${v.toFixed(u ? 1 : 0)} ${units[u]}`;
}

function rows(source: DataSource, nFeatures: number): number {
  if (source.kind === 'sample') return source.n;
  try {
    return Math.ceil(statSync(source.path).size / (CSV_BYTES_PER_VALUE * (nFeatures + 1)));
  } catch {
    return 0;
  }
}

/** The attack's rows: those it adds to the training set, and its test rows (`testOptions`). */
function attackRows(plan: RunPlan): { train: number; test: number } {
  const attack = plan.attack;
  if (!attack) return { train: 0, test: 0 };
  const count = (k: string): number => (typeof attack.options[k] === 'number' ? (attack.options[k] as number) : 0);
  const tests = attack.plugin.testOptions ?? [];
  const sum = (keys: readonly string[]): number => keys.reduce((s, k) => s + count(k), 0);
  return { train: sum(attack.plugin.scaledOptions.filter((k) => !tests.includes(k))), test: sum(tests) };
}

/** One run's estimated peak memory in bytes, with its parts. */
function estimateRun(plan: RunPlan, nFeatures: number): { bytes: number; parts: Record<string, number> } {
  const row = (nFeatures + 1) * F64;
  const attack = attackRows(plan);
  const parts: Record<string, number> = {
    train: (rows(plan.data.train, nFeatures) + attack.train) * row * TRAIN_COPIES,
    test: (rows(plan.data.test, nFeatures) + attack.test) * row * EVAL_COPIES,
    ...(plan.defenses.length ? { validation: rows(plan.data.validation, nFeatures) * row * EVAL_COPIES } : {}),
    runtime: RUNTIME_BYTES,
  };
  return { bytes: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

/**
 * Throws MEMORY_BUDGET (exit 2) when `jobs` of the spec's largest runs (or repeats of them) at once would need more than
 * `maxBytes`, naming the run and its estimate. Oracles are created (cheaply) to learn feature counts.
 */
export async function checkMemory(spec: ResolvedSpec, options: { maxBytes: number; jobs: number }): Promise<void> {
  const features = new Map<string, number>();
  const estimates: { plan: RunPlan; bytes: number; parts: Record<string, number> }[] = [];
  for (const plan of spec.runs) {
    const id = `${plan.oracle.name}\0${canonicalJson(plan.oracle.options)}`;
    let d = features.get(id);
    if (d === undefined) {
      const ctx = { rng: new Rng(plan.seed, 'memory'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
      d = (await plan.oracle.plugin.create(plan.oracle.options, ctx)).domain.nFeatures;
      features.set(id, d);
    }
    estimates.push({ plan, ...estimateRun(plan, d) });
  }
  estimates.sort((a, b) => b.bytes - a.bytes);
  // Workers execute repeats: up to `jobs` repeats of the largest run may hold their own copies at once.
  const concurrent = estimates.flatMap((e) => Array<typeof e>(e.plan.repeats).fill(e)).slice(0, Math.max(1, options.jobs));
  const peak = concurrent.reduce((s, e) => s + e.bytes, 0);
  if (peak <= options.maxBytes) return;
  const top = concurrent[0]!;
  const parts = Object.entries(top.parts).map(([k, v]) => `${k} ${formatBytes(v)}`).join(', ');
  const jobs = concurrent.length > 1 ? ` ${concurrent.length} runs or repeats at once (--jobs, or the repeats of a run sharing one thread) need ${formatBytes(peak)};` : '';
  throw memoryBudget({ file: spec.file }, `${top.plan.id} needs an estimated ${formatBytes(top.bytes)} (${parts});${jobs} that exceeds --max-memory ${formatBytes(options.maxBytes)}.`);
}
