/**
 * Untrusted specs: a spec may name built-in plugins freely, but a plugin given as a module path
 * (`use: ./plugins/my-oracle.ts`) or a package (`use: my-regaudit-oracle`) runs code, so it is imported
 * only when the operator allows that specifier, with `--allow-plugin <specifier>` or in
 * `regaudit.config.json` (`{"allowPlugins": [...]}`) in the working directory, or the file `--config`
 * names instead (so CI can keep it out of a checked-out branch's reach). Every specifier of a
 * spec is checked before any is imported; a refused one is exit 2 and nothing is imported. The same
 * policy carries the directories the operator lets specs read files from (`--allow-data`, "allowData";
 * checked in src/spec/files.ts).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configInvalid, configUnreadable, isRegauditError, pluginImport, pluginNotAllowed } from '../core/errors.ts';
import type { PluginKind } from '../core/plugin.ts';
import { schemaProblems } from './ajv.ts';
import { formatPath } from './explain.ts';
import type { LoadedSpec } from './load.ts';
import { extendRegistry, type PluginRegistry } from './registry.ts';
import { configSchema } from './schemas.ts';

/** The config file read from the working directory. */
export const TRUST_CONFIG_FILE = 'regaudit.config.json';

/** Which plugin specifiers and data directories the operator allows (plain data: it crosses to worker threads). */
export interface TrustPolicy {
  /** Allowed specifiers: module paths (absolute after resolution) and package names. */
  readonly allow: readonly string[];
  /**
   * Directories (absolute) whose files a spec may read besides the working directory's tree and the
   * spec file's directory tree; none when absent.
   */
  readonly allowData?: readonly string[];
}

/** What the operator allows on the command line: `--allow-plugin` and `--allow-data` values, and `--config`. */
export interface TrustFlags {
  readonly allowPlugin?: readonly string[];
  readonly allowData?: readonly string[];
  /** A trust config to read instead of the working directory's regaudit.config.json (which is then ignored). */
  readonly config?: string;
}

/** The parsed regaudit.config.json (schema/regaudit-config.schema.json). */
interface TrustConfig {
  readonly allowPlugins?: readonly string[];
  readonly allowData?: readonly string[];
}

/** True for a specifier naming a file (relative, absolute or file: URL) rather than a package. */
function isPathSpecifier(use: string): boolean {
  return use.startsWith('./') || use.startsWith('../') || use.startsWith('file:') || isAbsolute(use);
}

/** A file specifier made absolute against `base`; a package name unchanged. */
function canonical(use: string, base: string): string {
  if (use.startsWith('file:')) return new URL(use).pathname;
  return isPathSpecifier(use) ? resolve(base, use) : use;
}

/**
 * regaudit.config.json at `file`, validated against its schema (unknown keys are refused with a
 * did-you-mean, so a typo cannot silently drop an allowance); {} when there is no such file, unless
 * the operator named it (`required`: `--config`), which is then exit 2.
 */
async function readTrustConfig(file: string, required: boolean): Promise<TrustConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (required) throw configUnreadable(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    return {};
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw configInvalid({ file }, `the config is not valid JSON (${(e as Error).message}).`);
  }
  const [first] = schemaProblems(configSchema, config);
  if (first) throw configInvalid({ file, ...(first.path.length ? { path: formatPath(first.path) } : {}) }, first.message);
  return config as TrustConfig;
}

/**
 * The policy from the command-line `flags` (relative paths against `cwd`) and the trust config: the
 * file `flags.config` names, else `<cwd>/regaudit.config.json` when present (`allowPlugins`,
 * `allowData`; relative paths against the config's directory). A malformed config, or a named one that
 * cannot be read, is exit 2.
 */
export async function loadTrustPolicy(cwd: string, flags: TrustFlags = {}): Promise<TrustPolicy> {
  const file = flags.config === undefined ? join(cwd, TRUST_CONFIG_FILE) : resolve(cwd, flags.config);
  const config = await readTrustConfig(file, flags.config !== undefined);
  return {
    allow: [...(flags.allowPlugin ?? []).map((s) => canonical(s, cwd)), ...(config.allowPlugins ?? []).map((s) => canonical(s, dirname(file)))],
    allowData: [...(flags.allowData ?? []).map((d) => resolve(cwd, d)), ...(config.allowData ?? []).map((d) => resolve(dirname(file), d))],
  };
}

/** The `--allow-plugin` value for `target` given from `cwd`: a module path relative to it, a package name as is. */
function allowValue(target: string, cwd: string): string {
  if (!isAbsolute(target)) return target;
  const path = relative(cwd, target);
  return path.startsWith('..') || isAbsolute(path) ? path : `./${path}`;
}

/** The plugin references of a parsed spec: kind, `use` and where it sits. */
function pluginRefs(raw: Record<string, unknown>): { kind: Exclude<PluginKind, 'reporter'>; use: string; path: string }[] {
  const refs: { kind: Exclude<PluginKind, 'reporter'>; use: string; path: string }[] = [];
  const add = (kind: Exclude<PluginKind, 'reporter'>, ref: unknown, path: string): void => {
    const use = (ref as { use?: unknown } | null)?.use;
    if (typeof use === 'string') refs.push({ kind, use, path: `${path}.use` });
  };
  for (const kind of ['oracle', 'model', 'attack'] as const) add(kind, raw[kind], kind);
  if (Array.isArray(raw.defenses)) raw.defenses.forEach((d, i) => add('defense', d, `defenses[${i}]`));
  return refs;
}

async function importPlugin(target: string, cwd: string): Promise<unknown> {
  if (isAbsolute(target)) return import(pathToFileURL(target).href);
  let resolved: string | undefined;
  try {
    resolved = createRequire(join(cwd, 'package.json')).resolve(target);
  } catch {
    resolved = undefined;
  }
  return import(resolved ? pathToFileURL(resolved).href : target);
}

/**
 * `registry` plus the module and package plugins `loaded` names, each keyed by its `use` string. Checks
 * every such specifier against `policy` first (PLUGIN_NOT_ALLOWED, exit 2, before any import), then
 * imports them; a module whose default export is not a plugin of the right kind is exit 2.
 */
export async function withSpecPlugins(loaded: LoadedSpec, registry: PluginRegistry, policy: TrustPolicy = { allow: [] }, cwd = process.cwd()): Promise<PluginRegistry> {
  const specDir = dirname(resolve(loaded.file));
  const external = pluginRefs(loaded.raw).filter((r) => !Object.hasOwn(registry[r.kind], r.use));
  const wanted: { kind: Exclude<PluginKind, 'reporter'>; use: string; path: string; target: string }[] = [];
  for (const ref of external) {
    const target = canonical(ref.use, specDir);
    if (policy.allow.includes(target)) wanted.push({ ...ref, target });
    else if (isPathSpecifier(ref.use) || ref.use.includes('/')) throw pluginNotAllowed(ref.kind, ref.use, { file: loaded.file, path: ref.path }, allowValue(target, cwd));
    // Other unknown bare names are left to validation, which suggests the closest built-in.
  }
  if (wanted.length === 0) return registry;
  const extra: Partial<Record<Exclude<PluginKind, 'reporter'>, Record<string, unknown>>> = {};
  for (const ref of wanted) {
    let mod: { default?: unknown };
    try {
      mod = (await importPlugin(ref.target, cwd)) as { default?: unknown };
    } catch (e) {
      if (isRegauditError(e)) throw e;
      throw pluginImport(ref.kind, ref.use, { file: loaded.file, path: ref.path }, (e as Error).message);
    }
    const plugin = mod.default as { kind?: unknown; name?: unknown } | undefined;
    if (!plugin || plugin.kind !== ref.kind || typeof plugin.name !== 'string') {
      throw pluginImport(ref.kind, ref.use, { file: loaded.file, path: ref.path });
    }
    extra[ref.kind] = { ...extra[ref.kind], [ref.use]: plugin };
  }
  return extendRegistry(registry, extra as Partial<PluginRegistry>);
}
