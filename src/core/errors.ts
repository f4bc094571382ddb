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

/**
 * The same error (code, exit code, cause) with the spec `file` in front of its message and in its origin,
 * for errors a plugin raised without knowing which spec it ran for.
 */
export function inSpecFile(e: RegauditError, file: string): RegauditError {
  return new RegauditError(e.code, `${file}, ${e.message}`, e.exitCode, { ...e.origin, file }, e.cause);
}

/** True when `e` is an oracleInputError (a row the oracle cannot price). */
export function isOracleInputError(e: unknown): e is RegauditError {
  return isRegauditError(e) && e.code === 'ORACLE_INPUT';
}

/**
 * An oracle's ORACLE_INPUT error (`row N` of the rows it was given) placed in the data set being
 * labeled: which set, and the set's row of the call's row 0 when labeling went in chunks.
 */
export function inDataSet(e: RegauditError, set: string, firstRow: number): RegauditError {
  const offset = firstRow > 0 ? `, whose row ${firstRow} was row 0 of this call` : '';
  return new RegauditError(e.code, `${e.message} (labeling the ${set} set${offset})`, e.exitCode, e.origin, e.cause);
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

/**
 * The primitive behind the exit-2 builders below: a spec, option or input value is wrong. `problem`
 * says what is wrong, `fix` how to put it right. Not exported: every code has its own named builder in
 * this file, and code elsewhere calls that builder (test/core/errors.test.ts checks both).
 */
function invalidInput(code: string, origin: ErrorOrigin, problem: string, fix?: string): RegauditError {
  // Plugin authors pass problem and fix too: end the problem as a sentence so the two do not run together.
  const sentence = fix && !/[.?!:)]$/.test(problem) ? `${problem}.` : problem;
  return new RegauditError(code, `${where(origin)}${sentence}${fix ? ` ${fix}` : ''}`, ExitCode.badInput, origin);
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
export function unknownFeature(name: string, known: readonly string[], origin: ErrorOrigin, fix = ''): RegauditError {
  const suggestion = known.length ? closest(name, known as string[]) : undefined;
  const hint = suggestion && distance(name, suggestion) <= Math.max(2, Math.floor(suggestion.length / 3)) ? ` Did you mean \`${suggestion}\`?` : '';
  return invalidInput('UNKNOWN_FEATURE', origin, `unknown feature \`${name}\`.${hint}`, `${fix}The oracle's features are: ${known.join(', ')}.`);
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

// ---------------------------------------------------------------------------------------------------
// Where `run`, `merge-reports` and `bench` write, and what one `run` may do (src/cli, src/engine).

/**
 * An output location cannot be written: `flag` is the option that named it (`--out`, `--json`), `path`
 * the directory or file, `problem` why (not a directory, permission denied, a read-only file system).
 */
export function outDir(flag: string, path: string, problem: string): RegauditError {
  return invalidInput('OUT_DIR', { path: flag }, `cannot write to ${path}: ${problem}.`, `Point ${flag} at a location you can write to (missing directories are created).`);
}

/**
 * An output directory (`flag`; `run --out`'s default `reports` too) that lies inside the working
 * directory `cwd` resolves to `target`, outside it, through a symbolic link at or below it: the
 * checkout (possibly an untrusted branch) must not redirect reports elsewhere. A directory outside the
 * working directory as written is followed, as the operator's explicit choice.
 */
export function outDirOutside(flag: string, path: string, target: string, cwd: string): RegauditError {
  return invalidInput(
    'OUT_DIR_OUTSIDE',
    { path: flag },
    `the output directory ${path} lies in the working directory ${cwd} but a symbolic link there leads it to ${target}, outside.`,
    `Remove the symbolic link, or give ${flag} a directory outside the working directory to write there on purpose.`,
  );
}

/**
 * Two specs given to one `regaudit run` (`first`, `second`: their files, equal when one file is given
 * twice) have the same `name`, so their reports would overwrite each other in `reportDir`.
 */
export function duplicateSpecName(name: string, first: string, second: string, reportDir: string): RegauditError {
  const twice = first === second;
  return invalidInput(
    'DUPLICATE_SPEC_NAME',
    { file: second },
    twice ? `the spec is given twice; both audits would write ${reportDir}.` : `spec name \`${name}\` is also the name of ${first}; both audits would write ${reportDir}, the second overwriting the first.`,
    twice ? 'Pass each spec once.' : 'Rename one of the specs (its `name`), or run them in separate commands with different --out.',
  );
}

/** A stage timeout (`runAudit`'s `stageTimeoutMs`) that is not a positive number of milliseconds up to `maxMs`, Node's timer limit. */
export function stageTimeoutRange(ms: number, maxMs: number): RegauditError {
  return invalidInput('STAGE_TIMEOUT_RANGE', { path: 'stageTimeoutMs' }, `expected milliseconds > 0 and at most ${maxMs} (Node's timer limit, about 24.8 days), got ${ms}.`, 'Pass a shorter timeout, or none.');
}

// ---------------------------------------------------------------------------------------------------
// Specs, sweeps and the trust config (src/spec).

/** The spec file cannot be read (missing, a directory, no permission); `why` is the reason. */
export function specUnreadable(file: string, why: string): RegauditError {
  return invalidInput('SPEC_UNREADABLE', { file }, `cannot read the spec: ${why}.`, 'Check the path (it is relative to the current directory).');
}

/** The spec is not valid YAML or JSON, or its aliases cannot be resolved; the problem and fix vary with the parser's complaint. */
export function specSyntax(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('SPEC_SYNTAX', origin, problem, fix);
}

/** The spec file holds nothing. */
export function specEmpty(file: string): RegauditError {
  return invalidInput('SPEC_EMPTY', { file }, 'the spec file is empty.', 'An audit spec needs at least `name`, `oracle: {use: <oracle>}` and `model: {use: <model>}`.');
}

/** The spec's top level is not a mapping; `got` describes what it is instead (`a list`, `a string ("x")`). */
export function specNotMapping(file: string, got: string): RegauditError {
  return invalidInput('SPEC_NOT_MAPPING', { file, line: 1, column: 1 }, `the spec must be a mapping of keys (name, oracle, model, ...), but it is ${got}.`, 'Write the spec as `key: value` lines or a JSON object.');
}

/**
 * The spec fails validation. `text` is the composed paragraph (file:line:column, the field path and
 * every problem, src/spec/validate.ts); `aboutPlugins` adds the pointer to `regaudit plugins` when a
 * problem concerns a plugin's name or options. The origin is not repeated in front of the text.
 */
export function invalidSpec(origin: ErrorOrigin, text: string, aboutPlugins: boolean): RegauditError {
  const hint = aboutPlugins ? ' Run `regaudit plugins` for plugin names and options.' : '';
  return new RegauditError('INVALID_SPEC', `${text}${hint}`, ExitCode.badInput, origin);
}

/** A sweep parameter path names nothing in the spec; `why` completes "sweep parameter `path` ...". */
export function sweepPath(path: string, origin: ErrorOrigin, why: string): RegauditError {
  return invalidInput('SWEEP_PATH', origin, `sweep parameter \`${path}\` ${why}`);
}

/**
 * regaudit.config.json is not JSON, not an object, has an unknown key, or a key of the wrong type
 * (`allowPlugins`, `allowData`: lists of strings); `problem` names the key, with a did-you-mean for a typo.
 */
export function configInvalid(origin: ErrorOrigin, problem: string): RegauditError {
  return invalidInput('CONFIG_INVALID', origin, problem, 'Write an object with only `allowPlugins` and `allowData`, lists of strings: `{"allowPlugins": ["./plugins/my-oracle.ts"], "allowData": ["../datasets"]}`.');
}

/** The trust config named by `--config` cannot be read; `reason` is the errno code or message. */
export function configUnreadable(file: string, reason: string): RegauditError {
  return invalidInput('CONFIG_UNREADABLE', { file, path: '--config' }, `cannot read the trust config (${reason}).`, 'Check the path (relative to the working directory), or leave out --config to read ./regaudit.config.json.');
}

/**
 * An allowed module or package plugin cannot be used: the import failed (`importError` is its message),
 * or, without `importError`, the module does not default-export a plugin of `kind`.
 */
export function pluginImport(kind: string, use: string, origin: ErrorOrigin, importError?: string): RegauditError {
  if (importError !== undefined) {
    return invalidInput('PLUGIN_IMPORT', origin, `cannot import ${kind} plugin \`${use}\` (${importError}).`, 'Check the path (relative to the spec file) or that the package is installed.');
  }
  const article = kind === 'oracle' || kind === 'attack' ? 'an' : 'a';
  return invalidInput('PLUGIN_IMPORT', origin, `\`${use}\` does not default-export ${article} ${kind} plugin.`, `Default-export the object made by define${kind[0]!.toUpperCase()}${kind.slice(1)}({ kind: '${kind}', ... }).`);
}

// ---------------------------------------------------------------------------------------------------
// CSV datasets (src/data/csv.ts). `file` is the CSV path; lines and columns are 1-based.

/** The CSV file does not exist or cannot be stat'ed. */
export function csvNotFound(file: string): RegauditError {
  return invalidInput('CSV_NOT_FOUND', { file }, 'the CSV file does not exist or cannot be read.', 'Check the path (relative paths resolve from the spec file).');
}

/** The CSV path is a directory or a special file. */
export function csvNotAFile(file: string, isDirectory: boolean): RegauditError {
  return invalidInput('CSV_NOT_A_FILE', { file }, `the path is a ${isDirectory ? 'directory' : 'special file'}, not a CSV file.`, 'Give the path of a .csv file.');
}

/** Reading the CSV file failed midway; `reason` is the stream's error message. */
export function csvUnreadable(file: string, reason: string): RegauditError {
  return invalidInput('CSV_UNREADABLE', { file }, `the CSV file cannot be read: ${reason}.`, 'Check that the file is readable.');
}

/** The CSV parser rejected the text (quoting, delimiters) at `line`, when it knows the line. */
export function csvParse(file: string, line: number | undefined, reason: string): RegauditError {
  return invalidInput('CSV_PARSE', { file, line }, `the file is not valid CSV: ${reason}`, 'Fix the quoting or delimiters on that line.');
}

/**
 * The CSV file has no data: nothing at all (the fix lists the columns to write), or, with
 * `headerOnly`, a header but no rows.
 */
export function csvEmpty(file: string, features: readonly string[], valueColumn: string, headerOnly = false): RegauditError {
  if (headerOnly) return invalidInput('CSV_EMPTY', { file, line: 2 }, 'the file has a header but no rows.', 'Add at least one data row.');
  return invalidInput('CSV_EMPTY', { file, line: 1 }, 'the file is empty.', `Write a header row naming the features (${features.join(', ')}) and optionally \`${valueColumn}\`.`);
}

/** A header column that is neither a domain feature nor the value column. */
export function csvUnknownColumn(origin: ErrorOrigin, name: string, features: readonly string[], valueColumn: string): RegauditError {
  return invalidInput('CSV_UNKNOWN_COLUMN', origin, `unknown column \`${name}\`.`, `Columns must be the domain's features (${features.join(', ')}) and optionally \`${valueColumn}\`.`);
}

/** A header column named twice; `firstColumn` is where it first appeared. */
export function csvDuplicateColumn(origin: ErrorOrigin, name: string, firstColumn: number): RegauditError {
  return invalidInput('CSV_DUPLICATE_COLUMN', origin, `column \`${name}\` appears twice (first as column ${firstColumn}).`, 'Keep one of them.');
}

/** The header lacks a column for some domain features (`missing`). */
export function csvMissingColumn(file: string, missing: readonly string[], features: readonly string[]): RegauditError {
  return invalidInput('CSV_MISSING_COLUMN', { file, line: 1 }, `the header has no column for ${missing.map((m) => `\`${m}\``).join(', ')}.`, `Name one column per feature: ${features.join(', ')}.`);
}

/** A data row has more values than the header has columns. */
export function csvExtraValues(file: string, line: number, values: number, columns: number): RegauditError {
  return invalidInput('CSV_EXTRA_VALUES', { file, line, column: columns + 1 }, `the row has ${values} values but the header names ${columns} columns.`, 'Remove the extra values or quote fields that contain the delimiter.');
}

/** A cell of a data row is absent (`values` of `columns` present) or, with `empty`, blank. */
export function csvMissingValue(origin: ErrorOrigin, name: string, values: number, columns: number, empty: boolean): RegauditError {
  return invalidInput('CSV_MISSING_VALUE', origin, `column \`${name}\` is missing (the row has ${values} of ${columns} columns${empty ? ', this one empty' : ''}).`, 'Fill in every column of every row.');
}

/** A cell that is not a finite number. */
export function csvNotANumber(origin: ErrorOrigin, name: string, text: string): RegauditError {
  return invalidInput('CSV_NOT_A_NUMBER', origin, `column \`${name}\` is \`${text}\`, not a finite number.`, 'Write plain decimal numbers (e.g. 0.25 or 1e-3).');
}

/** A feature value outside the domain's range for that feature. */
export function csvOutOfDomain(origin: ErrorOrigin, feature: { readonly name: string; readonly min: number; readonly max: number }, value: number): RegauditError {
  return invalidInput('CSV_OUT_OF_DOMAIN', origin, `column \`${feature.name}\` is ${value}, outside the domain's range [${feature.min}, ${feature.max}].`, 'Remove the row or use an oracle whose domain covers it.');
}

/** A row the domain's feasibility constraint rejects; `row` lists its features as [column name, value]. */
export function csvInfeasible(file: string, line: number, row: readonly (readonly [string, number])[]): RegauditError {
  return invalidInput('CSV_INFEASIBLE', { file, line }, `the row (${row.map(([name, v]) => `${name}=${v}`).join(', ')}) violates the domain's feasibility constraint.`, 'Remove the row; the oracle cannot price it.');
}

// ---------------------------------------------------------------------------------------------------
// Models, defenses, oracles and the search (plugins/, src/detect, src/search).

/** A defense lacks an input it needs (training set, maximizers, activations) or its options contradict the data; wording varies by defense. */
export function defenseInput(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('DEFENSE_INPUT', origin, problem, fix);
}

/** The mlp model was given training or prediction data it cannot use (shape, non-finite labels, weights). */
export function mlpData(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('MLP_DATA', origin, problem, fix);
}

/** A saved model the mlp plugin cannot load (not an mlp network, or other hidden widths than the options). */
export function mlpLoad(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('MLP_LOAD', origin, problem, fix);
}

/** Activations were asked of an mlp layer that does not exist; `layers` are the names it has. */
export function mlpLayer(origin: ErrorOrigin, layer: string, layers: readonly string[]): RegauditError {
  return invalidInput('MLP_LAYER', origin, `no layer named \`${layer}\`.`, `Use one of ${layers.join(', ')}.`);
}

/** A defense must fine-tune a copy of a model whose plugin cannot save and reload it. */
export function modelCannotCopy(origin: ErrorOrigin, model: string): RegauditError {
  return invalidInput('MODEL_CANNOT_COPY', origin, `mode \`finetune\` fine-tunes a copy of the model, but model \`${model}\` cannot be saved and reloaded.`, 'Use mode `retrain` with the training set, or a model plugin with save and load.');
}

/** The barrier oracle's barrier range leaves no live option (`type`, e.g. `up-and-out call`) for the spot. */
export function barrierRange(origin: ErrorOrigin, range: { readonly barrierMin: number; readonly barrierMax: number; readonly spot: number }, type: string, up: boolean): RegauditError {
  return invalidInput(
    'BARRIER_RANGE',
    origin,
    `barrier range [${range.barrierMin}, ${range.barrierMax}] leaves no live ${type} with spot ${range.spot}.`,
    `Choose barrierMin < barrierMax with the range ${up ? 'reaching above' : 'starting below'} the spot.`,
  );
}

/** The alpha of alpha-weighted retraining is outside [0, 1]. */
export function badAlpha(alpha: number): RegauditError {
  return invalidInput('BAD_ALPHA', { path: 'alpha' }, `alpha must be in [0, 1], got ${alpha}.`, 'Choose a training-set weight such as 0.99.');
}

// ---------------------------------------------------------------------------------------------------
// Commands: oracle, bench, cache, run --baseline, merge-reports (src/cli, src/engine).

/** A `regaudit oracle --option` pair that is not key=value, or an option the oracle's schema rejects. */
export function badOption(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('BAD_OPTION', origin, problem, fix);
}

/** `regaudit oracle` was given an oracle without an evaluateRecords hook. */
export function noRecords(oracle: string): RegauditError {
  return invalidInput('NO_RECORDS', { plugin: oracle }, `oracle \`${oracle}\` does not price free-form records.`, 'Use an oracle with an evaluateRecords hook, such as `barrier` or `himalaya`.');
}

/** The `regaudit oracle --input` file cannot be opened; `reason` is the stream's error message. */
export function badInputFile(file: string, reason: string): RegauditError {
  return invalidInput('BAD_INPUT_FILE', { file }, `cannot read the input (${reason}).`, 'Pass an existing JSON Lines file, or - for stdin.');
}

/** `regaudit bench --filter` matches no case; `cases` are the case names. */
export function noBench(filter: string, cases: readonly string[]): RegauditError {
  return invalidInput('NO_BENCH', { path: '--filter' }, `no bench case matches \`${filter}\`.`, `Cases: ${cases.join(', ')}.`);
}

/** `regaudit bench --anchors` with an anchors directory that does not exist. */
export function noAnchorsDir(dir: string): RegauditError {
  return invalidInput('NO_ANCHORS_DIR', { file: dir, path: '--anchors-dir' }, 'the anchor scripts directory does not exist.', 'Pass --anchors-dir with the directory holding the anchor scripts (numpy_barrier_bench.py, ...), or leave out --anchors.');
}

/** The cache directory (or its layout directory, `file`) is not a readable directory. */
export function cacheDir(file: string, problem: string, fix: string): RegauditError {
  return invalidInput('CACHE_DIR', { file }, problem, fix);
}

/** A `merge-reports` input directory or report cannot be read, or holds no report. */
export function mergeInput(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('MERGE_INPUT', origin, problem, fix);
}

/** Shard reports that do not fit together (another audit, seed, scale, shard count, gates or statistics; a run twice or missing). */
export function mergeMismatch(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('MERGE_MISMATCH', origin, problem, fix);
}

/** The `run --baseline` report cannot be read or is not JSON. */
export function baselineUnreadable(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('BASELINE_UNREADABLE', origin, problem, fix);
}

/** The `run --baseline` file is JSON but not a regaudit report. */
export function baselineInvalid(origin: ErrorOrigin, problem: string, fix: string): RegauditError {
  return invalidInput('BASELINE_INVALID', origin, problem, fix);
}

/** The `run --baseline` report (`file`) is of spec `baseline`, not of the audited spec `audited`. */
export function baselineMismatch(file: string, baseline: string, audited: string): RegauditError {
  return invalidInput(
    'BASELINE_MISMATCH',
    { path: '--baseline' },
    `${file} is a report of spec \`${baseline}\`, but spec \`${audited}\` is audited here; runs would be compared with another audit's runs of the same id.`,
    `Pass a report.json of \`${audited}\`, and audit specs with different baselines in separate commands.`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Files an untrusted spec names: input files it reads (src/spec/files.ts) and reporters' output
// files (plugins/reporter/output.ts).

/**
 * An input file named by a spec (a data CSV, a plugin's file option such as a model's `path`) resolves,
 * after following symbolic links, to `resolved`, outside the working directory, the spec file's directory
 * and every directory the operator allows; `allowAs` is the `--allow-data` value that would allow it.
 */
export function dataNotAllowed(origin: ErrorOrigin, resolved: string, allowAs: string): RegauditError {
  return invalidInput(
    'DATA_NOT_ALLOWED',
    origin,
    `the file resolves to ${resolved}, outside the working directory and the spec file's directory; a spec reads files only there (or where the operator allows), so an untrusted spec cannot read other files.`,
    `If the spec may read it, pass \`--allow-data ${allowAs}\` or list the directory under "allowData" in a regaudit.config.json in the working directory; else move the file next to the spec.`,
  );
}

/**
 * A reporter was asked to write `file` where it would land outside its report directory `outDir`
 * (absolute, `..`, or through a symbolic link); `why` says which.
 */
export function reportFileOutside(origin: ErrorOrigin, file: string, outDir: string, why: string): RegauditError {
  return invalidInput('REPORT_FILE_OUTSIDE', origin, `reporter file \`${file}\` ${why}, outside the report directory ${outDir}.`, 'Give a relative path inside it, such as `junit.xml` or `ci/junit.xml`, and remove symbolic links from the report directory.');
}
