/**
 * Sweeps: a grid (dotted parameter path -> list of values; every combination, the first key varying
 * slowest) or an explicit list of parameter maps, expanded into runs. Parameter paths are short:
 * `attack.nAttack` is `attack.with.nAttack`, `model.epochs` is `model.with.epochs`, and `data.train`,
 * `seed`, `search.<option>` and `defenses.<name>.<option>` name what they say.
 */
import { sweepPath, type ErrorOrigin } from '../core/errors.ts';
import type { SpecPath } from './explain.ts';
import { suggestionText } from './suggest.ts';
import type { Sweep, SweepValue } from './types.generated.ts';

/** One run's sweep coordinates, keyed by dotted path as written in the spec. */
export type RunParams = Record<string, SweepValue>;

/** The runs of a sweep, in sweep order; one run with no parameters when there is no sweep. */
export function expandSweep(sweep: Sweep | undefined): RunParams[] {
  if (sweep === undefined) return [{}];
  if (Array.isArray(sweep)) return sweep.map((p) => ({ ...p }));
  let runs: RunParams[] = [{}];
  for (const [path, values] of Object.entries(sweep)) {
    runs = runs.flatMap((r) => values.map((v) => ({ ...r, [path]: v })));
  }
  return runs;
}

const PLUGIN_KEYS = ['oracle', 'model', 'attack'] as const;
const DATA_KEYS = ['train', 'test', 'validation'];
const ROOTS = ['seed', 'data', ...PLUGIN_KEYS, 'search', 'defenses'];

/**
 * Where a parameter path lands in the spec object (with defaults filled): e.g. `attack.nAttack` ->
 * `['attack', 'with', 'nAttack']`. Throws sweepPath (exit 2) for paths that name nothing.
 */
export function paramTarget(spec: Record<string, unknown>, path: string, origin: ErrorOrigin): SpecPath {
  const parts = path.split('.');
  const [root, ...rest] = parts as [string, ...string[]];
  const bad = (why: string): never => {
    throw sweepPath(path, origin, why);
  };
  const optionPath = (segments: string[]): string[] => {
    const tail = segments[0] === 'with' ? segments.slice(1) : segments;
    if (tail.length === 0) bad('names a plugin but no option; write e.g. `attack.nAttack`.');
    return ['with', ...tail];
  };
  if (root === 'seed') {
    if (rest.length) bad('has extra segments after `seed`.');
    return ['seed'];
  }
  if (root === 'data') {
    if (rest.length !== 1 || !DATA_KEYS.includes(rest[0]!)) bad(`must be one of ${DATA_KEYS.map((k) => `\`data.${k}\``).join(', ')}.${suggestionText(rest.join('.'), DATA_KEYS)}`);
    return ['data', rest[0]!];
  }
  if ((PLUGIN_KEYS as readonly string[]).includes(root)) {
    if (spec[root] === undefined) bad(`sweeps \`${root}\` options, but the spec has no \`${root}\`.`);
    return [root, ...optionPath(rest)];
  }
  if (root === 'search') {
    if (rest.length === 0) bad('names no search option; write e.g. `search.maxSeeds`.');
    return ['search', ...rest];
  }
  if (root === 'defenses') {
    const defenses = (spec.defenses as { use: string }[] | undefined) ?? [];
    const names = defenses.map((d) => d.use);
    const index = names.indexOf(rest[0] ?? '');
    if (index < 0) bad(`names defense \`${rest[0] ?? ''}\`, which the spec does not use.${suggestionText(rest[0] ?? '', names)}`);
    return ['defenses', index, ...optionPath(rest.slice(1))];
  }
  return bad(`must start with one of ${ROOTS.map((r) => `\`${r}\``).join(', ')}.${suggestionText(root, ROOTS)}`);
}

/** Sets `value` at `path` inside `target`, creating mappings on the way. */
export function setAt(target: Record<string, unknown>, path: SpecPath, value: unknown): void {
  let node: Record<string | number, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
