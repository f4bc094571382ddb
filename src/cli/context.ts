/**
 * What CLI commands share: where they write, which plugins they know, and the exit code they set. The
 * `regaudit` binary uses the process streams and the bundled plugins; tests pass their own.
 */
import type { RegauditError } from '../core/errors.ts';
import type { PluginRegistry } from '../spec/registry.ts';

/** A writable stream, possibly a TTY. */
export type OutStream = NodeJS.WritableStream & { isTTY?: boolean };

/** The environment of one CLI invocation. */
export interface CliContext {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly registry: PluginRegistry;
  /** Set by commands; the process exits with it. */
  exitCode: number;
}

/** Global options every command accepts. */
export interface GlobalOptions {
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** Writes a regaudit error as `error [CODE]: message` on `stderr`, with its stack when `verbose`. */
export function writeError(e: RegauditError, stderr: OutStream, verbose: boolean): void {
  stderr.write(`error [${e.code}]: ${e.message}\n`);
  if (verbose && e.stack) stderr.write(`${e.stack}\n`);
}
