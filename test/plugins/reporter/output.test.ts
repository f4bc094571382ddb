/**
 * writeReportFile writes only inside the report directory, whatever the options or the file system
 * hold (defense in depth behind validation): no absolute path, no `..`, no symbolic link leading out.
 * And every bundled reporter declares its output-path options, so validation checks them.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReportFile } from '../../../plugins/reporter/output.ts';
import type { RegauditError } from '../../../src/core/errors.ts';
import { bundledPlugins } from '../../../src/spec/registry.ts';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-output-')));
const outDir = join(dir, 'reports', 'spec');
const elsewhere = join(dir, 'elsewhere');
mkdirSync(elsewhere);
// the report directory exists before any test, so each test also runs on its own
mkdirSync(outDir, { recursive: true });

async function refusal(out: string, file: string): Promise<RegauditError> {
  const e = (await writeReportFile(out, file, 'x').then(() => undefined, (err: unknown) => err)) as RegauditError | undefined;
  if (!e) throw new Error(`expected ${file} to be refused`);
  return e;
}

describe('writeReportFile', () => {
  it('writes files in the report directory and its subdirectories, creating them', async () => {
    expect(await writeReportFile(outDir, 'junit.xml', 'a')).toBe(join(outDir, 'junit.xml'));
    expect(await writeReportFile(outDir, 'sub/deeper/junit.xml', 'b')).toBe(join(outDir, 'sub', 'deeper', 'junit.xml'));
    expect(readFileSync(join(outDir, 'sub', 'deeper', 'junit.xml'), 'utf8')).toBe('b');
  });

  it('refuses an absolute path and `..` (exit 2), writing nothing', async () => {
    for (const file of [join(elsewhere, 'abs-evil.xml'), '../../evil-escape.md', 'sub/../../x.md']) {
      const e = await refusal(outDir, file);
      expect(e.code).toBe('REPORT_FILE_OUTSIDE');
      expect(e.exitCode).toBe(2);
      expect(e.message).toContain(`\`${file}\` is absolute or leads out of it`);
    }
    expect(existsSync(join(elsewhere, 'abs-evil.xml'))).toBe(false);
    expect(existsSync(join(dir, 'evil-escape.md'))).toBe(false);
  });

  it('refuses a symbolic link on the way out (a subdirectory, the report directory itself) or at the file', async () => {
    symlinkSync(elsewhere, join(outDir, 'linked'));
    expect((await refusal(outDir, 'linked/junit.xml')).message).toContain('leads through a symbolic link');
    expect((await refusal(outDir, 'linked/new/junit.xml')).code).toBe('REPORT_FILE_OUTSIDE');
    expect(existsSync(join(elsewhere, 'new'))).toBe(false);
    symlinkSync(elsewhere, join(dir, 'reports', 'hijacked'));
    expect((await refusal(join(dir, 'reports', 'hijacked'), 'report.json')).code).toBe('REPORT_FILE_OUTSIDE');
    writeFileSync(join(elsewhere, '.bashrc'), 'keep');
    symlinkSync(join(elsewhere, '.bashrc'), join(outDir, 'summary.md'));
    expect((await refusal(outDir, 'summary.md')).message).toContain('is a symbolic link');
    expect(readFileSync(join(elsewhere, '.bashrc'), 'utf8')).toBe('keep');
    expect(readdirSync(elsewhere)).toEqual(['.bashrc']);
  });

  it('follows a symbolic link above the report directory (the operator\'s --out)', async () => {
    symlinkSync(join(dir, 'reports'), join(dir, 'out-link'));
    expect(await writeReportFile(join(dir, 'out-link', 'spec'), 'report.json', '{}')).toBe(join(dir, 'out-link', 'spec', 'report.json'));
  });

  it('refuses a report directory in the working directory whose real path leaves it (a link at the default `reports`)', async () => {
    const checkout = join(dir, 'checkout');
    mkdirSync(checkout);
    symlinkSync(elsewhere, join(checkout, 'reports'));
    const before = process.cwd();
    process.chdir(checkout);
    try {
      const e = await refusal(join('reports', 'victim'), '.bashrc');
      expect(e.code).toBe('OUT_DIR_OUTSIDE');
      expect(e.exitCode).toBe(2);
      expect(e.message).toContain(`lies in the working directory ${checkout} but a symbolic link there leads it to ${join(elsewhere, 'victim')}`);
      // An absolute path into the checkout is the same directory: refused alike.
      expect((await refusal(join(checkout, 'reports', 'victim'), '.bashrc')).code).toBe('OUT_DIR_OUTSIDE');
      // A directory outside the working directory as written is the operator's choice.
      expect(await writeReportFile(join('..', 'beside', 'spec'), 'report.json', '{}')).toBe(join(dir, 'beside', 'spec', 'report.json'));
    } finally {
      process.chdir(before);
    }
    expect(existsSync(join(elsewhere, 'victim'))).toBe(false);
  });
});

describe('bundled reporters', () => {
  it('declare every string option that names a file as an output option', () => {
    for (const [name, reporter] of Object.entries(bundledPlugins.reporter)) {
      const properties = (reporter.optionsSchema as { properties: Record<string, { type?: unknown; description?: string }> }).properties;
      const fileOptions = Object.keys(properties).filter((k) => properties[k]!.type === 'string' && (/file|path|dir/i.test(k) || /\bfile\b/i.test(properties[k]!.description ?? '')));
      expect([...(reporter.outputOptions ?? [])].sort(), name).toEqual(fileOptions.sort());
    }
  });
});
