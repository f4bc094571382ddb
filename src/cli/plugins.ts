/** `regaudit plugins [--json]`: every registered plugin with its kind, version, capabilities and options schema. */
import type { Command } from 'commander';
import type { PluginRegistry } from '../spec/registry.ts';
import type { CliContext } from './context.ts';

/** One plugin as `regaudit plugins --json` lists it. */
export interface PluginListing {
  readonly kind: string;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** Declared capabilities: every data field besides the identity ones (canTrain, cost, needs, fileOptions, ...). */
  readonly capabilities: Record<string, unknown>;
  readonly optionsSchema: Record<string, unknown>;
}

/** Fields listed on their own; every other field that is not a hook is a declared capability. */
const IDENTITY_FIELDS = new Set(['kind', 'name', 'version', 'description', 'optionsSchema']);

/** A plugin's declared capabilities, derived from its fields (hooks are functions, so left out). */
function capabilitiesOf(plugin: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plugin).filter(([k, v]) => !IDENTITY_FIELDS.has(k) && v !== undefined && typeof v !== 'function'));
}

/** Every plugin of `registry`, by kind then name. */
function listPlugins(registry: PluginRegistry): PluginListing[] {
  return Object.entries(registry).flatMap(([kind, map]) =>
    Object.entries(map as Record<string, Record<string, unknown>>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, p]) => ({
        kind,
        name,
        version: String(p.version),
        description: String(p.description ?? ''),
        capabilities: capabilitiesOf(p),
        optionsSchema: p.optionsSchema as Record<string, unknown>,
      })),
  );
}

/** A plugin's options in one line: `name=default`, `name (required)`, or the bare name (optional, no default). */
function optionSummary(schema: Record<string, unknown>): string {
  const props = (schema.properties ?? {}) as Record<string, { default?: unknown }>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(props)
    .map(([k, v]) => (v.default !== undefined ? `${k}=${JSON.stringify(v.default)}` : required.has(k) ? `${k} (required)` : k))
    .join(', ');
}

/** Registers the plugins command. */
export function registerPluginsCommand(program: Command, ctx: CliContext): void {
  program
    .command('plugins')
    .description('list the bundled plugins with their versions and options')
    .option('--json', 'print JSON: {"plugins": [{kind, name, version, description, capabilities, optionsSchema}]}')
    .action((opts: { json?: boolean }) => {
      const plugins = listPlugins(ctx.registry);
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify({ plugins }, null, 2)}\n`);
        return;
      }
      for (const p of plugins) {
        ctx.stdout.write(`${p.kind.padEnd(8)} ${p.name}@${p.version}  ${p.description}\n`);
        const options = optionSummary(p.optionsSchema);
        if (options) ctx.stdout.write(`         options: ${options}\n`);
      }
    });
}
