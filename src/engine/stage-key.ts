/**
 * Stage keys: a content address for one stage's output, covering everything that determines it (stage
 * name, plugin name + version + resolved options, the keys of the stage's inputs, the seed). Equal keys
 * mean equal outputs, which is what lets the memo (and a disk cache) share work between runs.
 */
import { createHash } from 'node:crypto';

/** What determines a stage's output. */
export interface StageKeyParts {
  readonly stage: string;
  /** The plugin computing it: name, version and resolved options (pluginKey in run.ts). */
  readonly plugin?: { readonly name: string; readonly version: string; readonly options: unknown };
  /** Keys of the stages whose outputs this one reads, in a fixed order. */
  readonly inputs: readonly string[];
  /** The run's seed. */
  readonly seed: number;
  /** Anything else that changes the output (a sample count, a file's fingerprint). */
  readonly extra?: unknown;
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The key of a stage: `<stage>-` followed by the SHA-256 of its canonical parts (hex, 32 chars). */
export function stageKey(parts: StageKeyParts): string {
  const digest = createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 32);
  return `${parts.stage}-${digest}`;
}
