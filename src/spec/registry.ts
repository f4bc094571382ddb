/**
 * Plugin lookup by kind and name. The CLI uses the bundled plugins (plugins/index.ts); tests and
 * library users may pass their own registry (for instance toy plugins).
 */
import { builtins } from '../../plugins/index.ts';
import type { AttackPlugin } from '../core/attack.ts';
import type { DefensePlugin } from '../core/defense.ts';
import { invalidOption, unknownPlugin, type ErrorOrigin } from '../core/errors.ts';
import type { ModelPlugin } from '../core/model.ts';
import type { OraclePlugin } from '../core/oracle.ts';
import type { ReporterPlugin } from '../core/reporter.ts';
import { checkedPluginOptions } from './ajv.ts';
import { didYouMean } from './suggest.ts';

/** Plugins by kind, then name. */
export interface PluginRegistry {
  readonly oracle: Readonly<Record<string, OraclePlugin<any>>>;
  readonly model: Readonly<Record<string, ModelPlugin<any>>>;
  readonly attack: Readonly<Record<string, AttackPlugin<any>>>;
  readonly defense: Readonly<Record<string, DefensePlugin<any>>>;
  readonly reporter: Readonly<Record<string, ReporterPlugin<any>>>;
}

/** The bundled plugins. */
export const bundledPlugins: PluginRegistry = builtins;

/** A registry with `extra` plugins added to (or replacing) those of `base`. */
export function extendRegistry(base: PluginRegistry, extra: Partial<PluginRegistry>): PluginRegistry {
  return {
    oracle: { ...base.oracle, ...extra.oracle },
    model: { ...base.model, ...extra.model },
    attack: { ...base.attack, ...extra.attack },
    defense: { ...base.defense, ...extra.defense },
    reporter: { ...base.reporter, ...extra.reporter },
  };
}

/** The plugin `name` of `kind`; throws unknownPlugin (exit 2) with a did-you-mean suggestion. */
export function resolvePlugin<K extends keyof PluginRegistry>(registry: PluginRegistry, kind: K, name: string, origin: ErrorOrigin = {}): PluginRegistry[K][string] {
  const map = registry[kind] as Record<string, PluginRegistry[K][string]>;
  const found = Object.hasOwn(map, name) ? map[name] : undefined;
  if (found) return found;
  const known = Object.keys(map);
  throw unknownPlugin(kind, name, origin, didYouMean(name, known), known);
}

/**
 * The reporter `name` with its default options (its schema's defaults filled in), for reporters named
 * without options (`--reporter`, auditSuite's `reporters`). Unknown names are unknownPlugin errors; a
 * reporter whose options have no defaults is an invalidOption error (exit 2) saying which.
 */
export function reporterWithDefaults(registry: PluginRegistry, name: string, origin: ErrorOrigin): { plugin: ReporterPlugin<any>; options: Record<string, unknown> } {
  const plugin = resolvePlugin(registry, 'reporter', name, origin);
  const options = checkedPluginOptions(plugin, {} as Record<string, unknown>, [], (optionOrigin, problem) =>
    invalidOption(
      { ...optionOrigin, ...origin },
      `reporter \`${name}\` has options without defaults (${problem}), and a reporter named without options runs with its defaults.`,
      "Give those options defaults in the reporter's schema, or name it in a spec's `reporters:` with those options set.",
    ),
  );
  return { plugin, options };
}
