import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { bytesOption, collect, intOption, numberOption, pathOption } from '../../src/cli/option-parsers.ts';
import { runCliCaptured } from './run-cli.ts';

describe('option parsers', () => {
  it('refuse blank and non-numeric text, which Number() would read as 0 or NaN', () => {
    const seed = intOption(0, 10);
    for (const bad of ['', ' ', 'x', '1.5', '-1', '11', 'Infinity', '0x5', '1e1', '0b1']) expect(() => seed(bad), bad).toThrow(InvalidArgumentError);
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

  it('refuse an empty path, which an unset shell variable gives', () => {
    expect(() => pathOption('')).toThrow(InvalidArgumentError);
    expect(pathOption('reports')).toBe('reports');
  });

  it('make an empty --out, --baseline, --cache-dir or --json exit 2 naming the option, before anything is read or run', async () => {
    // Each was taken as given: `--out ""` wrote <name>/ into the working directory, `--cache-dir ""` cached
    // into it, and an empty --baseline or --json was skipped without a word.
    const cases: [string[], string][] = [
      [['run', 'missing.audit.yaml', '--out', ''], '--out'],
      [['run', 'missing.audit.yaml', '--baseline', ''], '--baseline'],
      [['run', 'missing.audit.yaml', '--cache-dir', ''], '--cache-dir'],
      [['merge-reports', 'missing-dir', '--out', ''], '--out'],
      [['merge-reports', 'missing-dir', '--out', 'x', '--baseline', ''], '--baseline'],
      [['cache', 'info', '--cache-dir', ''], '--cache-dir'],
      [['cache', 'prune', '--cache-dir', '', '--dry-run'], '--cache-dir'],
      [['bench', '--filter', 'no-such-case', '--json', ''], '--json'],
    ];
    for (const [argv, flag] of cases) {
      const r = await runCliCaptured(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(new RegExp(`${flag}.*expected a path, got ""`));
    }
  });

  it('make a blank --seed exit 2 naming the option (it ran with seed 0)', async () => {
    // --out and --cache-dir outside the checkout, in case a regression let the audit run
    const scratch = mkdtempSync(join(tmpdir(), 'regaudit-seed-'));
    const r = await runCliCaptured(['run', 'audits/barrier-backdoor.audit.yaml', '--seed', '', '--out', join(scratch, 'out'), '--cache-dir', join(scratch, 'cache'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed.*expected an integer from 0 to 4294967295, got ""/);
  });
});
