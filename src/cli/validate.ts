/**
 * `regaudit validate <spec...>`: checks specs without running them (schema, plugins, and the same
 * plugin-against-domain preflight `run` does first); exit 2 when any is invalid.
 */
import type { Command } from 'commander';
import { isRegauditError } from '../core/errors.ts';
import { countOf } from '../core/format.ts';
import { preflight } from '../engine/audit.ts';
import { loadTrustPolicy, type TrustFlags } from '../spec/trust.ts';
import { readSpec } from '../spec/validate.ts';
import { writeError, type CliContext, type GlobalOptions } from './context.ts';
import { addSpecOverrides, type SpecOverrides } from './option-parsers.ts';
import { addTrustOptions } from './scale-options.ts';

/** Registers the validate command. */
export function registerValidateCommand(program: Command, ctx: CliContext): void {
  const validate = addTrustOptions(program.command('validate'))
    .description('check audit specs (schema, plugin names and options, gates, sweep, attack against the oracle domain) without running them, as `run` with the same --seed, --repeats and --scale would')
    .argument('<spec...>', 'audit spec files (YAML or JSON)');
  addSpecOverrides(validate)
    .action(async (files: string[], opts: TrustFlags & SpecOverrides, command: Command) => {
      const { verbose = false } = command.optsWithGlobals() as GlobalOptions;
      const trust = await loadTrustPolicy(process.cwd(), opts);
      for (const file of files) {
        try {
          const spec = await readSpec(file, { registry: ctx.registry, trust, seed: opts.seed, repeats: opts.repeats, scale: opts.scale });
          await preflight(spec);
          ctx.stdout.write(`ok ${file}: ${spec.name}, ${countOf(spec.runs.length, 'run')}, ${countOf(spec.gates.length, 'gate')}\n`);
        } catch (e) {
          if (!isRegauditError(e)) throw e;
          writeError(e, ctx.stderr, verbose);
          ctx.exitCode = Math.max(ctx.exitCode, e.exitCode);
        }
      }
    });
}
