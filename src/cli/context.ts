/**
 * What CLI commands share: where they write, which plugins they know, and the exit code they set. The
 * `regaudit` binary uses the process streams and the bundled plugins; tests pass their own.
 */
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
