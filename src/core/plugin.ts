/**
 * What every plugin has in common, and the narrow context the harness hands to plugin hooks
 * (seeded rng, logger, abort signal, progress, oracle accounting) instead of globals.
 */
import type { Rng } from './rng.ts';

/** A JSON Schema object (draft 2020-12 or draft-07, as ajv compiles it). */
export type JsonSchema = Record<string, unknown>;

/** The plugin kinds regaudit knows. */
export type PluginKind = 'oracle' | 'model' | 'attack' | 'defense' | 'reporter';

/** Fields every plugin declares. */
export interface PluginBase<K extends PluginKind, Options> {
  readonly kind: K;
  /** The name a spec uses in `use:`. */
  readonly name: string;
  /** Semver of the plugin; part of every cache key, bump it when results change. */
  readonly version: string;
  /** One line for `regaudit plugins`. */
  readonly description: string;
  /**
   * JSON Schema of the user's options (`with:`). Every optional field has a `default`: validation fills
   * them in (ajv `useDefaults`), so hooks receive fully-populated `Options` and never handle undefined.
   */
  readonly optionsSchema: JsonSchema;
  /**
   * Names of top-level options that are file or directory paths (a model file). The spec layer resolves
   * them against the spec file's directory, and stage keys include a fingerprint of the files' content.
   */
  readonly fileOptions?: readonly string[];
  /**
   * Names of top-level options that change only speed, never results (a thread count whose results are
   * bit-identical for any value). Stage keys leave them out, so they neither split the cache nor change
   * the random streams of later stages. List an option here only when tests prove that invariance.
   */
  readonly speedOptions?: readonly string[];
  /** Phantom field carrying the resolved options type; never set at run time. */
  readonly __options?: Options;
}

/** Where log lines go; plugins never write to the console themselves. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** Reports progress of long work (labeling, epochs, search rounds); the CLI turns it into bars or lines. */
export interface ProgressReporter {
  /** Starts or updates a task: `done` of `total` units. */
  update(task: string, done: number, total: number): void;
  /** Marks a task finished. */
  finish(task: string): void;
}

/** The context every plugin hook receives. */
export interface PluginContext {
  /** A stream seeded by (spec seed, run parameters, stage, plugin). */
  readonly rng: Rng;
  readonly log: Logger;
  readonly progress: ProgressReporter;
  /** Aborted on SIGINT/SIGTERM or a stage timeout; long loops check it. */
  readonly signal: AbortSignal;
}

/** A logger and progress reporter that print nothing (tests, `--quiet`). */
export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };
/** A progress reporter that shows nothing. */
export const silentProgress: ProgressReporter = { update() {}, finish() {} };
