/**
 * The regaudit command line (commander): builds the program with every command and runs it, turning
 * errors into one paragraph on stderr and an exit code (0 all gates pass, 1 a gate failed, 2 bad usage,
 * spec or input, 3 plugin or runtime failure). The stack trace is shown only with --verbose.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, isRegauditError } from '../core/errors.ts';
import { REGAUDIT_VERSION } from '../engine/version.ts';
import { bundledPlugins } from '../spec/registry.ts';
import { registerBenchCommand } from './bench.ts';
import { registerCacheCommand } from './cache.ts';
import { writeError, type CliContext, type OutStream } from './context.ts';
import { registerMergeReportsCommand } from './merge-reports.ts';
import { registerOracleCommand } from './oracle.ts';
import { registerPluginsCommand } from './plugins.ts';
import { registerRunCommand } from './run.ts';
import { registerValidateCommand } from './validate.ts';

/** Streams and plugins for one invocation; defaults are the process's and the bundled ones. */
export type CliOptions = Partial<Omit<CliContext, 'exitCode'>>;

/** Builds the program; commands record their exit code in `ctx`. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('regaudit')
    .description('Audit deep regression models for data-poisoning backdoors before release')
    .version(REGAUDIT_VERSION)
    .option('--verbose', 'debug output, and stack traces with errors')
    .option('--quiet', 'no progress or info lines')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  registerRunCommand(program, ctx);
  registerValidateCommand(program, ctx);
  registerPluginsCommand(program, ctx);
  registerOracleCommand(program, ctx);
  registerMergeReportsCommand(program, ctx);
  registerBenchCommand(program, ctx);
  registerCacheCommand(program, ctx);
  pointToHelp(program, 'regaudit');
  return program;
}

/** Makes commander's own usage errors (unknown option or command, missing argument) end with the command's --help, where the fix is. */
function pointToHelp(command: Command, path: string): void {
  command.showHelpAfterError(`(\`${path} --help\` shows the usage)`);
  for (const sub of command.commands) pointToHelp(sub, `${path} ${sub.name()}`);
}

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const ctx: CliContext = { stdout: options.stdout ?? process.stdout, stderr: options.stderr ?? process.stderr, registry: options.registry ?? bundledPlugins, exitCode: ExitCode.ok };
  const verbose = argv.includes('--verbose');
  const program = buildProgram(ctx);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    return report(e, ctx.stderr, verbose);
  }
}

function report(e: unknown, stderr: OutStream, verbose: boolean): number {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; help shown because a command is missing (`regaudit`, `regaudit cache`) is bad input.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0)) return ExitCode.ok;
    return ExitCode.badInput; // commander already printed the message
  }
  if (isRegauditError(e)) {
    writeError(e, stderr, verbose);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  stderr.write(`error [INTERNAL]: ${err.message}. This is a bug in regaudit or a plugin; rerun with --verbose for the stack.\n`);
  if (verbose && err.stack) stderr.write(`${err.stack}\n`);
  return ExitCode.runtime;
}
