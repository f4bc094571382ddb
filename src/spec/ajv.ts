/** The one ajv configuration regaudit validates specs, reports and plugin options with. */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ErrorOrigin } from '../core/errors.ts';
import type { JsonSchema } from '../core/plugin.ts';
import { explainAjvErrors, formatPath, type Problem, type SpecPath } from './explain.ts';
import { searchOptionsSchema } from './schemas.ts';

/**
 * An ajv instance: all errors at once, defaults filled in (`useDefaults`), verbose errors (the failing
 * schema is kept for messages and suggestions), union types allowed, no console logging. The search
 * options schema is registered so the audit spec's `$ref` to it resolves.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, allowUnionTypes: true, logger: false });
  ajv.addSchema(searchOptionsSchema);
  return ajv;
}

const shared = createAjv();
// Formats (the report's `date-time`): without them ajv refuses to compile the report schema (baselines, merge-reports).
addFormats.default(shared);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** A cached validator for `schema` (compiled once per schema object; schemas with a known `$id` reuse it). */
export function validatorFor(schema: JsonSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    v = (id && shared.getSchema(id)) || shared.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/**
 * Validates `value` against `schema`, filling the defaults in place; the problems (none when valid) as
 * sentences with their paths prefixed by `base`, the most useful first.
 */
export function schemaProblems(schema: JsonSchema, value: unknown, base: SpecPath = []): Problem[] {
  const validate = validatorFor(schema);
  return validate(value) ? [] : explainAjvErrors(validate.errors ?? [], base);
}

/** {@link schemaProblems} for a plugin's options: each problem marked as about the plugin (for the `regaudit plugins` hint). */
export function checkOptions(schema: JsonSchema, options: unknown, base: SpecPath = []): Problem[] {
  return schemaProblems(schema, options, base).map((p) => ({ ...p, aboutPlugin: true }));
}

/**
 * A copy of `given` checked against `plugin`'s options schema with its defaults filled in, for options
 * that do not come from a spec (reporters passed to runAudit or named on the command line, `regaudit
 * oracle --option`). The first problem is thrown as `fail(origin, problem)`, the origin naming the plugin
 * and the option's path under `base`: the caller picks the error code and the fix.
 */
export function checkedPluginOptions<T>(plugin: { readonly name: string; readonly optionsSchema: JsonSchema }, given: T, base: SpecPath, fail: (origin: ErrorOrigin, problem: string) => Error): T {
  const options = structuredClone(given);
  const [first] = checkOptions(plugin.optionsSchema, options, base);
  if (first) throw fail({ plugin: plugin.name, path: formatPath(first.path) }, first.message);
  return options;
}

/**
 * A copy of `given` validated against a plugin's options `schema` with the defaults filled in, as the
 * spec layer hands options to a plugin. Throws a plain Error with ajv's messages when invalid: for tests
 * and experiment scripts; specs and the CLI report invalid options with their paths instead (exit 2).
 */
export function optionsWithDefaults<O>(schema: JsonSchema, given: unknown = {}): O {
  const options = structuredClone(given);
  const validate = validatorFor(schema);
  if (!validate(options)) throw new Error(`invalid options ${JSON.stringify(given)}: ${shared.errorsText(validate.errors)}`);
  return options as O;
}
