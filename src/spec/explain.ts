/**
 * Turns ajv errors into short, human sentences with the field path (`model.with.epochs`), what was
 * expected, what was found and, for near-miss keys and values, a did-you-mean suggestion.
 */
import type { ErrorObject } from 'ajv';
import { suggestionText } from './suggest.ts';

/** A path into the spec, as keys and array indices. */
export type SpecPath = readonly (string | number)[];

/** One problem found in a spec. */
export interface Problem {
  readonly path: SpecPath;
  readonly message: string;
  /**
   * Set where the problem is found when it concerns a plugin's name (`use`) or options (`with`): the
   * spec error then points to `regaudit plugins`.
   */
  readonly aboutPlugin?: true;
}

/** `model.with.epochs`, `gates[0].metric`; `(root)` for the empty path. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out === '' ? '(root)' : out;
}

function parsePointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A short JSON rendering of a value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON would print NaN and the infinities (YAML's .nan, .inf) as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (not a finite number)`;
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

type Schema = Record<string, unknown>;

function describe(schema: unknown): string {
  const s = schema as Schema | undefined;
  return typeof s?.description === 'string' ? ` (${(s.description as string).replace(/\.$/, '')})` : '';
}

function one(e: ErrorObject): Problem {
  const path = parsePointer(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const parent = e.parentSchema as Schema | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((parent?.properties as Schema | undefined) ?? {});
      const hint = suggestionText(key, known) || (known.length ? ` Allowed keys: ${known.join(', ')}.` : '');
      return { path: [...path, key], message: `unknown key \`${key}\`.${hint}` };
    }
    case 'required':
      return { path: [...path, String(p.missingProperty)], message: `missing required key \`${String(p.missingProperty)}\`${describe((parent?.properties as Schema | undefined)?.[String(p.missingProperty)])}.` };
    case 'type':
      return { path, message: `expected ${String(p.type).replace(',', ' or ')}${describe(parent)}, got ${show(e.data)}.` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      return { path, message: `expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}, got ${show(e.data)}.${suggestionText(String(e.data), allowed)}` };
    }
    case 'const':
      return { path, message: `expected ${show(p.allowedValue)}, got ${show(e.data)}.` };
    default:
      return { path, message: `${e.message ?? 'is invalid'}${describe(parent)}, got ${show(e.data)}.` };
  }
}

/**
 * What one failed branch of a oneOf/anyOf adds to its sentence, if anything: a bound or a pattern (ajv's
 * words), an enum's choices, or "must be a whole number" for a fraction where a branch wants an integer.
 * Other type mismatches say nothing the sentence's "expected ..." does not.
 */
function branchDetail(b: ErrorObject, data: unknown): string[] {
  if (['oneOf', 'anyOf', 'required'].includes(b.keyword)) return [];
  if (b.keyword === 'type') return (b.params as { type?: string }).type === 'integer' && typeof data === 'number' ? ['must be a whole number'] : [];
  if (['enum', 'const', 'additionalProperties'].includes(b.keyword)) return [one(b).message.replace(/, got .*$/, '').replace(/\.$/, '')];
  return [b.message ?? 'is invalid'];
}

/** The `required` lists of an anyOf whose branches only require keys (`at least one of`), else undefined. */
function requiredAlternatives(schema: unknown): string[] | undefined {
  const branches = (schema as Schema | undefined)?.anyOf;
  if (!Array.isArray(branches)) return undefined;
  const names: string[] = [];
  for (const b of branches as Schema[]) {
    if (Object.keys(b).length !== 1 || !Array.isArray(b.required)) return undefined;
    names.push(...(b.required as string[]));
  }
  return names;
}

/** The schema path of the object schema holding keyword error `e` (`#/x/anyOf` -> `#/x`). */
const holder = (e: ErrorObject): string => e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));

/**
 * True for an unknown key of the very object schema that holds the oneOf/anyOf `c` (a sibling keyword,
 * not one of c's branches): its own problem, not part of c's sentence.
 */
function isSiblingUnknownKey(error: ErrorObject, c: ErrorObject): boolean {
  return error.keyword === 'additionalProperties' && holder(error) === holder(c);
}

/**
 * Problems for ajv `errors`, paths prefixed by `base`, unknown keys first (a misspelled key often
 * causes the other errors). A failed oneOf/anyOf at a path replaces the errors of its branches at that
 * path with one sentence saying what was expected.
 */
export function explainAjvErrors(errors: readonly ErrorObject[], base: SpecPath = []): Problem[] {
  const composite = new Map<string, ErrorObject>();
  for (const e of errors) if (e.keyword === 'oneOf' || e.keyword === 'anyOf') composite.set(e.instancePath, e);
  const out: Problem[] = [];
  const seen = new Set<string>();
  const unknownKeysFirst = [...errors].sort((a, b) => Number(b.keyword === 'additionalProperties') - Number(a.keyword === 'additionalProperties'));
  for (const e of unknownKeysFirst) {
    const at = composite.get(e.instancePath);
    const c = at && !isSiblingUnknownKey(e, at) ? at : undefined;
    let problem: Problem;
    if (c) {
      const path = parsePointer(c.instancePath);
      const alternatives = requiredAlternatives(c.parentSchema);
      const details = errors.filter((b) => b.instancePath === c.instancePath).flatMap((b) => branchDetail(b, c.data));
      const expected = describe(c.parentSchema).replace(/^ \((.)(.*)\)$/, (_m, a: string, b: string) => ` ${a.toLowerCase()}${b}`) || ' a different value';
      problem = alternatives
        ? { path, message: `needs at least one of ${alternatives.map((a) => `\`${a}\``).join(', ')}.` }
        : { path, message: `expected${expected}, got ${show(c.data)}${details.length ? ` (${[...new Set(details)].join('; ')})` : ''}.` };
    } else {
      problem = one(e);
    }
    const full = { path: [...base, ...problem.path], message: problem.message };
    const key = `${formatPath(full.path)} ${full.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(full);
    }
  }
  return out;
}
