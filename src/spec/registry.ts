/**
 * Plugin lookup by kind and name. The CLI uses the bundled plugins (plugins/index.ts); tests and
 * library users may pass their own registry (for instance toy plugins).
 */
import { builtins } from '../../plugins/index.ts';
import type { AttackPlugin } from '../core/attack.ts';
import type { DefensePlugin } from '../core/defense.ts';
import { unknownPlugin, type ErrorOrigin } from '../core/errors.ts';
import type { ModelPlugin } from '../core/model.ts';
import type { OraclePlugin } from '../core/oracle.ts';
import type { ReporterPlugin } from '../core/reporter.ts';
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
