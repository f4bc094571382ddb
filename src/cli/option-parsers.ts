/**
 * Commander parsers for option values, shared by the commands: numbers checked against a rule (blank
 * and non-numeric text refused, where `Number('')` would read 0), sizes, and repeatable options. A
 * refused value is commander's InvalidArgumentError: exit 2 with the option and the expected form.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { parseBytes } from '../engine/memory.ts';

/** A parser for a number that `accepts`; the error says it expected `expected` (e.g. `milliseconds > 0`). */
export function numberOption(accepts: (n: number) => boolean, expected: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !accepts(n)) throw new InvalidArgumentError(`expected ${expected}, got "${value}".`);
    return n;
  };
}

/** A parser for integers in [min, max], written in decimal digits (`Number` would also read `0x10` and `1e3`). */
export function intOption(min: number, max: number): (value: string) => number {
  const expected = `an integer from ${min} to ${max}`;
  const inRange = numberOption((n) => Number.isInteger(n) && n >= min && n <= max, expected);
  return (value) => {
    if (!/^\s*[+-]?\d+\s*$/.test(value)) throw new InvalidArgumentError(`expected ${expected}, got "${value}".`);
    return inRange(value);
  };
}

/** A parser for sizes (`512M`, `8G`, `1.5GB`, bytes): `run --max-memory`, `cache prune --max-size`. */
export function bytesOption(value: string): number {
  const bytes = parseBytes(value);
  if (bytes === undefined) throw new InvalidArgumentError(`expected a size such as 512M, 8G or 1.5GB, got "${value}".`);
  return bytes;
}

/**
 * A parser for a path option that refuses an empty value: `--out "$OUT"` with the variable unset would
 * otherwise write into the working directory itself, and an empty `--baseline` or `--json` would be
 * skipped without a word.
 */
export function pathOption(value: string): string {
  if (value === '') throw new InvalidArgumentError('expected a path, got "" (an unset shell variable?).');
  return value;
}

/** Collects a repeatable option's values (`--reporter a --reporter b`); start it with `[]`. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The spec overrides `run` and `validate` share. */
export interface SpecOverrides {
  seed?: number;
  repeats?: number;
  scale?: number;
}

/** Adds `--seed`, `--repeats` and `--scale` (the spec overrides) to `command`: `validate` checks a spec as `run` would run it. */
export function addSpecOverrides(command: Command): Command {
  return command
    .option('--seed <n>', "override the spec's seed", intOption(0, 4294967295))
    .option('--repeats <k>', "override the spec's repeats: trainings per run, reported as means with 95% intervals", intOption(1, 100))
    .option('--scale <f>', 'multiply every sample count (data and attack) by f', numberOption((f) => f > 0 && f <= 1000, 'a factor > 0 and <= 1000'));
}
