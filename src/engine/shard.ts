/**
 * Sharding a sweep across machines (a CI matrix, a Kubernetes Indexed Job): `--shard i/n` runs the runs
 * whose sweep index is i modulo n, a fixed subset whatever the machine; each shard's report carries
 * what `merge-reports` needs (the total run count and the gate definitions), and merging evaluates the
 * gates on the union of the runs, giving the unsharded report apart from timings.
 */
import { createHash } from 'node:crypto';
import { mergeMismatch } from '../core/errors.ts';
import type { AuditReport, RunReport } from '../core/report.ts';
import type { RunPlan } from '../spec/validate.ts';
import { fileFingerprint } from './cache/fingerprint.ts';
import { pluginKey } from './run.ts';
import { evaluateGates, type GateSpec } from './gates.ts';
import { canonicalJson } from './stage-key.ts';
import { statusOf } from './status.ts';

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What a shard's report records for merging (the report's optional `shard` field). */
type ShardInfo = NonNullable<AuditReport['shard']>;

/** A plugin's stage-key part (pluginKey) without the paths of its file options: their contents stay, via `files`. */
function pluginPrint(p: Parameters<typeof pluginKey>[0]) {
  const key = pluginKey(p);
  const fileOptions = p.plugin.fileOptions ?? [];
  return { ...key, options: Object.fromEntries(Object.entries(key.options).filter(([k]) => !fileOptions.includes(k))) };
}

/**
 * A fingerprint of what the runs compute, the same on any machine (file contents, never paths):
 * `merge-reports` refuses shards whose fingerprints differ (another spec's content, or another data file).
 */
export function planFingerprint(runs: readonly RunPlan[]): string {
  const data = (source: RunPlan['data']['train']) => (source.kind === 'sample' ? source : { kind: 'csv', content: fileFingerprint(source.path) });
  const content = runs.map((r) => ({
    id: r.id, params: r.params, seed: r.seed, repeats: r.repeats, design: r.design, ...(r.sharedEpochs > 0 ? { sharedEpochs: r.sharedEpochs } : {}),
    data: { train: data(r.data.train), test: data(r.data.test), validation: data(r.data.validation) },
    oracle: pluginPrint(r.oracle), model: pluginPrint(r.model), attack: r.attack ? pluginPrint(r.attack) : null,
    search: r.search ?? null, defenses: r.defenses.map(pluginPrint),
  }));
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 16);
}

/** Parses `i/n` (0 <= i < n); undefined when malformed. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]), count = Number(m[2]);
  return count >= 1 && index < count ? { index, count } : undefined;
}

/** The runs of shard `shard`: sweep index modulo count. */
export function selectShard<R extends { readonly index: number }>(runs: readonly R[], shard: Shard): R[] {
  return runs.filter((r) => r.index % shard.count === shard.index);
}

/** One thing the shards of one audit share, named in the error when two shards differ on it. */
interface SharedAspect {
  readonly what: string;
  readonly value: (r: AuditReport) => unknown;
}

/**
 * What every shard of one `regaudit run --shard i/n` invocation records alike: a difference means the
 * shards come from different specs or options, and the merged verdict would depend on which came first.
 */
const SHARED: readonly SharedAspect[] = [
  { what: 'spec name', value: (r) => r.name },
  { what: 'seed', value: (r) => r.seed },
  { what: 'scale', value: (r) => r.scale ?? 1 },
  { what: 'shard count', value: (r) => r.shard?.count },
  { what: 'sweep run count', value: (r) => r.shard?.runs },
  { what: 'gate definitions', value: (r) => r.shard?.gates },
  { what: 'statistics (repeats, design, inconclusive, sharedEpochs)', value: (r) => r.statistics ?? null },
  { what: 'plan fingerprint (plugins, options, data: the spec\'s content)', value: (r) => r.shard?.plan ?? null },
  { what: 'code fingerprint (regaudit version)', value: (r) => r.shard?.code ?? null },
];

/**
 * The runs of shard reports of one audit, checked to fit together (same spec name, seed, scale, shard
 * count, run count, gate definitions and statistics; no run twice, none missing) and sorted by sweep
 * index. `files` (parallel to `reports`, optional) name the reports in errors. Throws MERGE_MISMATCH (exit 2).
 */
function mergeShardRuns(reports: readonly AuditReport[], files: readonly string[] = []): { runs: RunReport[]; shard: ShardInfo } {
  const first = reports[0];
  if (!first) throw mergeMismatch({}, 'no reports to merge.', 'Pass the output directories of the shard runs.');
  const bad = (problem: string, fix = 'Merge the shards of one `regaudit run --shard i/n` invocation per spec.'): never => {
    throw mergeMismatch({ file: first.name }, problem, fix);
  };
  const label = (i: number): string => {
    const r = reports[i]!;
    const which = r.shard ? `shard ${r.shard.index}/${r.shard.count}` : 'a report';
    return files[i] ? `${files[i]} (${which})` : which;
  };
  const shard = first.shard;
  if (!shard) bad(`${label(0)} of \`${first.name}\` is not a shard report (no \`shard\` field).`, 'Produce the reports with `regaudit run --shard i/n`.');
  const seen = new Map<string, RunReport>();
  const indices = new Set<number>();
  reports.forEach((r, i) => {
    if (!r.shard) bad(`${label(i)} of \`${r.name}\` is not a shard report.`);
    for (const aspect of SHARED) {
      const a = canonicalJson(aspect.value(first)), b = canonicalJson(aspect.value(r));
      if (a !== b) bad(`${label(0)} and ${label(i)} disagree on the ${aspect.what}: ${a} vs ${b}.`);
    }
    if (indices.has(r.shard!.index)) bad(`shard ${r.shard!.index}/${shard!.count} appears twice.`);
    indices.add(r.shard!.index);
    for (const run of r.runs) seen.set(run.id, run);
  });
  const missing = Array.from({ length: shard!.count }, (_, i) => i).filter((i) => !indices.has(i));
  if (missing.length) bad(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${shard!.count}`).join(', ')} missing.`, 'Pass every shard\'s output directory.');
  const runs = [...seen.values()].sort((a, b) => a.index - b.index);
  if (runs.length !== shard!.runs) bad(`the shards hold ${runs.length} runs, but the sweep has ${shard!.runs}.`);
  return { runs, shard: shard! };
}

/** The spec's gate definitions a shard report records (`report.shard`; none for an unsharded run's). */
export function shardGates(shard: AuditReport['shard']): GateSpec[] {
  return (shard?.gates ?? []) as unknown as GateSpec[];
}

/**
 * One report from the shard reports of an audit: the runs in sweep order, gates evaluated again on all
 * of them (with `baseline` for relative gates), the status from runs and gates; equal to the unsharded
 * report apart from timings (`startedAt` is the earliest shard's, `seconds` the longest shard's).
 * `files` (parallel to `reports`, optional) name the shard reports in errors.
 */
export function mergeReports(reports: readonly AuditReport[], baseline?: AuditReport, files?: readonly string[]): AuditReport {
  const { runs, shard } = mergeShardRuns(reports, files);
  const first = reports[0]!;
  const gates = evaluateGates(shardGates(shard), runs, baseline, first.statistics?.inconclusive);
  const interrupted = reports.some((r) => r.status === 'interrupted');
  const { shard: _drop, ...head } = first;
  return {
    ...head,
    status: statusOf(runs, gates.every((g) => g.pass), interrupted),
    startedAt: reports.map((r) => r.startedAt).sort()[0]!,
    seconds: Math.max(...reports.map((r) => r.seconds)),
    gates,
    runs,
  };
}
