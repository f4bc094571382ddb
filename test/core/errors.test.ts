import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, inSpecFile, invalidOption, RegauditError } from '../../src/core/errors.ts';

const root = join(import.meta.dirname, '..', '..');
const ERRORS = 'src/core/errors.ts';
const errorsSource = readFileSync(join(root, ERRORS), 'utf8');

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Each function of errors.ts with its doc comment (if any) and the codes it creates. */
function builders(): { name: string; exported: boolean; documented: boolean; codes: string[] }[] {
  const out = [];
  const starts = [...errorsSource.matchAll(/^(export )?function (\w+)\(/gm)];
  for (let i = 0; i < starts.length; i++) {
    const m = starts[i]!;
    const body = errorsSource.slice(m.index, starts[i + 1]?.index ?? errorsSource.length);
    const codes = [...body.matchAll(/(?:invalidInput\(\s*|new RegauditError\(\s*)'([A-Z][A-Z0-9_]*)'/g)].map((c) => c[1]!);
    out.push({ name: m[2]!, exported: m[1] !== undefined, documented: /\*\/\n$/.test(errorsSource.slice(0, m.index)), codes: [...new Set(codes)] });
  }
  return out;
}

describe('error codes (GUIDE: one builder per code, in one file)', () => {
  const all = builders();
  const codes = all.flatMap((b) => b.codes);

  it('finds the builders and their codes', () => {
    expect(all.length).toBeGreaterThan(40);
    expect(codes).toContain('DEFENSE_INPUT');
    expect(codes).toContain('CSV_NOT_FOUND');
  });

  it('creates each code in exactly one builder, and each builder creates at most one code', () => {
    const owners = new Map<string, string[]>();
    for (const b of all) for (const c of b.codes) owners.set(c, [...(owners.get(c) ?? []), b.name]);
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
    expect(all.filter((b) => b.codes.length > 1).map((b) => `${b.name}: ${b.codes.join(', ')}`)).toEqual([]);
  });

  it('documents every exported builder', () => {
    expect(all.filter((b) => b.exported && !b.documented).map((b) => b.name)).toEqual([]);
  });

  it('keeps the invalidInput primitive private to errors.ts', () => {
    expect(all.find((b) => b.name === 'invalidInput')?.exported).toBe(false);
  });

  it('leaves no error code as a string literal in src/ or plugins/ outside errors.ts', () => {
    // Codes of one word (INTERRUPTED) are also plain display words, e.g. the console reporter's status.
    const quoted = new RegExp(`['"\`](${codes.filter((c) => c.includes('_')).join('|')})['"\`]`);
    const offenders: string[] = [];
    for (const file of [...tsFiles('src'), ...tsFiles('plugins')]) {
      if (file === ERRORS) continue;
      readFileSync(join(root, file), 'utf8').split('\n').forEach((line, i) => {
        if (/\binvalidInput\(|new RegauditError\(\s*['"`]/.test(line) || quoted.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});

describe('inSpecFile', () => {
  it('keeps code, exit code and cause, and puts the spec file in front', () => {
    const cause = new Error('inner');
    const e = new RegauditError('SOME_CODE', 'plugin p: bad', ExitCode.runtime, { plugin: 'p' }, cause);
    const wrapped = inSpecFile(e, 'a.yaml');
    expect(wrapped).toMatchObject({ code: 'SOME_CODE', exitCode: 3, message: 'a.yaml, plugin p: bad', origin: { plugin: 'p', file: 'a.yaml' }, cause });
  });

  it('leaves an exit-2 builder exit 2 with its origin first in the message', () => {
    const e = invalidOption({ plugin: 'p', path: 'x.with.y' }, 'too big.', 'Lower it.');
    expect(inSpecFile(e, 's.yaml')).toMatchObject({ code: 'INVALID_OPTION', exitCode: 2, message: 's.yaml, at x.with.y, plugin p: too big. Lower it.' });
  });
});
