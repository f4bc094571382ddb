/**
 * Reading the free-form JSON records of `regaudit oracle <name>`: each reader returns the value or throws
 * a RecordError whose message names the field and what was expected, which the oracle turns into that
 * record's `{"error": ...}` line.
 */

import { suggestionText } from '../../src/spec/suggest.ts';

/** `message`, followed by a sentence guessing the near miss of `name` among `candidates` when there is one. */
function withGuess(message: string, name: string, candidates: readonly string[]): string {
  const guess = suggestionText(name, candidates);
  return guess ? `${message}.${guess}` : message;
}

/** A record that cannot be priced; the message is shown to the user as is. */
export class RecordError extends Error {}

/** The record as an object whose keys are all in `allowed`. */
export function recordObject(record: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new RecordError('expected a JSON object');
  const obj = record as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new RecordError(withGuess(`unknown field "${key}" (expected: ${allowed.join(', ')})`, key, allowed));
  }
  return obj;
}

/** A string field that must be one of `choices`. */
export function choiceField<T extends string>(obj: Record<string, unknown>, name: string, choices: readonly T[]): T {
  const v = obj[name];
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  const message = `"${name}" must be one of ${choices.join(', ')}`;
  if (v === undefined) throw new RecordError(`${message} (missing)`);
  throw new RecordError(typeof v === 'string' ? withGuess(message, v, choices) : message);
}

/** A finite number field, or `fallback` when absent (required when no fallback is given). */
export function numberField(obj: Record<string, unknown>, name: string, fallback?: number): number {
  const v = obj[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordError(`"${name}" must be a finite number${v === undefined ? ' (missing)' : ''}`);
  return v;
}

/** A non-empty array of finite numbers, of length `length` when given. */
export function numberArrayField(obj: Record<string, unknown>, name: string, length?: number): number[] {
  const v = obj[name];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new RecordError(`"${name}" must be a non-empty array of finite numbers${v === undefined ? ' (missing)' : ''}`);
  }
  if (length !== undefined && v.length !== length) throw new RecordError(`"${name}" must have ${length} entries (got ${v.length})`);
  return v as number[];
}

/** The message of a RecordError, rethrowing anything else (a bug, not bad input). */
export function recordErrorMessage(e: unknown): string {
  if (e instanceof RecordError) return e.message;
  throw e;
}
