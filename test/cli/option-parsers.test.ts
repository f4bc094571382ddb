import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { bytesOption, collect, intOption, numberOption } from '../../src/cli/option-parsers.ts';
import { runCliCaptured } from './run-cli.ts';

describe('option parsers', () => {
  it('refuse blank and non-numeric text, which Number() would read as 0 or NaN', () => {
    const seed = intOption(0, 10);
    for (const bad of ['', ' ', 'x', '1.5', '-1', '11', 'Infinity']) expect(() => seed(bad), bad).toThrow(InvalidArgumentError);
    expect(seed('0')).toBe(0);
    expect(seed(' 7 ')).toBe(7);
    const positive = numberOption((n) => n > 0, 'milliseconds > 0');
    expect(() => positive('')).toThrow('expected milliseconds > 0, got "".');
    expect(() => positive('0')).toThrow(InvalidArgumentError);
    expect(positive('0.5')).toBe(0.5);
  });

  it('parse sizes and collect repeated values', () => {
    expect(bytesOption('1.5K')).toBe(1536);
    expect(() => bytesOption('')).toThrow(InvalidArgumentError);
    expect(collect('b', collect('a', []))).toEqual(['a', 'b']);
  });

  it('make a blank --seed exit 2 naming the option (it ran with seed 0)', async () => {
    const r = await runCliCaptured(['run', 'audits/barrier-backdoor.audit.yaml', '--seed', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed.*expected an integer from 0 to 4294967295, got ""/);
  });
});
