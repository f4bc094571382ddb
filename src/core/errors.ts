/**
 * Every user-facing error regaudit raises. One builder per code, all in this file (rollup's logs.ts):
 * each says what was expected and how to fix it, and carries the exit code the CLI uses.
 */
import { closest, distance } from 'fastest-levenshtein';

/** Exit codes: 0 all gates pass, 1 a gate failed, 2 bad usage/spec/input, 3 plugin or runtime failure. */
export const ExitCode = { ok: 0, gateFailed: 1, badInput: 2, runtime: 3 } as const;
/** One of the exit codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Where an error happened, when known. */
export interface ErrorOrigin {
  file?: string;
  /** Dotted path of the offending field, e.g. `model.with.epochs`. */
  path?: string;
  plugin?: string;
  stage?: string;
  line?: number;
  column?: number;
}

/** An error meant for the user: a code, a one-paragraph message with the fix, and an exit code. */
export class RegauditError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly origin: ErrorOrigin;

  constructor(code: string, message: string, exitCode: ExitCodeValue, origin: ErrorOrigin = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RegauditError';
    this.code = code;
    this.exitCode = exitCode;
    this.origin = origin;
  }
}

/** True when `e` is a RegauditError (also across module copies). */
export function isRegauditError(e: unknown): e is RegauditError {
  return e instanceof RegauditError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'RegauditError');
}

function where(origin: ErrorOrigin): string {
  const parts: string[] = [];
  if (origin.file) parts.push(origin.line ? `${origin.file}:${origin.line}${origin.column ? `:${origin.column}` : ''}` : origin.file);
  if (origin.path) parts.push(`at ${origin.path}`);
  if (origin.plugin) parts.push(`plugin ${origin.plugin}`);
  if (origin.stage) parts.push(`stage ${origin.stage}`);
  return parts.length ? `${parts.join(', ')}: ` : '';
}

/** A spec, option or input value is wrong: exit 2. `problem` says what is wrong, `fix` how to put it right. */
export function invalidInput(code: string, origin: ErrorOrigin, problem: string, fix?: string): RegauditError {
  return new RegauditError(code, `${where(origin)}${problem}${fix ? ` ${fix}` : ''}`, ExitCode.badInput, origin);
}

/** A plugin threw or returned something unusable: exit 3, with the cause kept. */
export function pluginFailure(origin: ErrorOrigin, problem: string, cause?: unknown): RegauditError {
  const because = cause instanceof Error ? ` (${cause.message})` : cause === undefined ? '' : ` (${String(cause)})`;
  return new RegauditError('PLUGIN_FAILED', `${where(origin)}${problem}${because}`, ExitCode.runtime, origin, cause);
}

/** An oracle was asked to price a row it cannot price (for example a barrier already crossed). */
export function oracleInputError(plugin: string, row: number, problem: string): RegauditError {
  return invalidInput('ORACLE_INPUT', { plugin }, `row ${row}: ${problem}`);
}

/** A plugin name that no built-in and no allowed module provides, with a did-you-mean suggestion. */
export function unknownPlugin(kind: string, name: string, origin: ErrorOrigin, suggestion?: string, known: readonly string[] = []): RegauditError {
  const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : known.length ? ` Known ${kind} plugins: ${known.join(', ')}.` : '';
  return invalidInput('UNKNOWN_PLUGIN', origin, `unknown ${kind} plugin \`${name}\`.${hint}`);
}

/** A model that cannot train was asked to be trained (poisoned or retrained). */
export function modelCannotTrain(model: string, origin: ErrorOrigin, why: string): RegauditError {
  return invalidInput(
    'MODEL_CANNOT_TRAIN',
    origin,
    `model \`${model}\` is imported and cannot be trained, but ${why}.`,
    'Remove the attack and training defenses to audit the model as given, or use a trainable model such as `mlp`.',
  );
}

/** A plugin option names a feature the oracle's domain lacks, with a did-you-mean suggestion. */
export function unknownFeature(name: string, known: readonly string[], origin: ErrorOrigin): RegauditError {
  const suggestion = known.length ? closest(name, known as string[]) : undefined;
  const hint = suggestion && distance(name, suggestion) <= Math.max(2, Math.floor(suggestion.length / 3)) ? ` Did you mean \`${suggestion}\`?` : '';
  return invalidInput('UNKNOWN_FEATURE', origin, `unknown feature \`${name}\`.${hint}`, `The oracle's features are: ${known.join(', ')}.`);
}

/** A plugin option value is out of its valid range or inconsistent with another option. */
export function invalidOption(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('INVALID_OPTION', origin, problem, fix);
}

/** A stage ran longer than the per-stage timeout (`--stage-timeout`): exit 3, the run is errored. */
export function stageTimeout(origin: ErrorOrigin, seconds: number): RegauditError {
  return new RegauditError('STAGE_TIMEOUT', `${where(origin)}the stage did not finish within ${seconds} s. Raise --stage-timeout, or lower the stage's work (sample counts, epochs, search budget).`, ExitCode.runtime, origin);
}

/** The audit was interrupted (SIGINT/SIGTERM) while the stage ran. */
export function interrupted(origin: ErrorOrigin): RegauditError {
  return new RegauditError('INTERRUPTED', `${where(origin)}interrupted before the stage finished; rerun to resume (finished stages come from the disk cache, unless --no-cache).`, ExitCode.runtime, origin);
}

/**
 * A plugin given as a module path or package that the operator has not allowed (untrusted spec);
 * `allowAs` is the `--allow-plugin` value that would allow it (a module path relative to the working directory).
 */
export function pluginNotAllowed(kind: string, specifier: string, origin: ErrorOrigin, allowAs = specifier): RegauditError {
  return invalidInput(
    'PLUGIN_NOT_ALLOWED',
    origin,
    `${kind} plugin \`${specifier}\` is not a built-in plugin; a module or package plugin runs code, so regaudit imports it only when the operator allows it.`,
    `If you trust it, pass \`--allow-plugin ${allowAs}\` or list it under "allowPlugins" in a regaudit.config.json in the working directory.`,
  );
}

/** A run's estimated memory exceeds the allowed budget (`--max-memory`). */
export function memoryBudget(origin: ErrorOrigin, problem: string): RegauditError {
  return invalidInput('MEMORY_BUDGET', origin, problem, 'Lower the sample counts (or --scale), run fewer --jobs, or raise --max-memory if the machine has the memory.');
}
