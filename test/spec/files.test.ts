/**
 * Input files named by a spec (data CSVs, plugins' declared file options) are read only inside the
 * working directory's tree, the spec file's directory tree, or a directory the operator allows
 * (`--allow-data`, "allowData"): `..`, absolute paths and symbolic links leading elsewhere are refused
 * with DATA_NOT_ALLOWED (exit 2) before anything is read. Reporters' output files must stay inside the
 * report directory.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRegauditError, type RegauditError } from '../../src/core/errors.ts';
import { loadTrustPolicy, type TrustPolicy } from '../../src/spec/trust.ts';
import { readSpec } from '../../src/spec/validate.ts';
import { runCliIn } from '../cli/run-cli.ts';

const repo = realpathSync(new URL('../../', import.meta.url).pathname);
const testCsv = join(repo, 'fixtures/data/barrier-test.csv');
// The temporary tree lies outside the working directory (the repository) when the tests run.
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-files-')));
const specs = join(dir, 'specs');
mkdirSync(join(specs, 'data'), { recursive: true });
writeFileSync(join(dir, 'secret.txt'), 'hunter2abc\n1\n');
copyFileSync(testCsv, join(specs, 'data', 'test.csv'));
symlinkSync(join(dir, 'secret.txt'), join(specs, 'data', 'link.csv'));
symlinkSync(dir, join(specs, 'up'));

/** Writes a spec in `specs/` whose test set is `path` (and whose model is `model`), returning its file. */
function spec(name: string, path: string, model = 'model: { use: mlp, with: { hidden: [4], maxEpochs: 1 } }'): string {
  const file = join(specs, `${name}.audit.yaml`);
  writeFileSync(file, `name: ${name}\ndata: { train: 50, test: { path: ${JSON.stringify(path)} } }\noracle: { use: barrier }\n${model}\n`);
  return file;
}

async function refusal(file: string, trust?: TrustPolicy): Promise<RegauditError> {
  try {
    await readSpec(file, { trust });
  } catch (e) {
    if (isRegauditError(e)) return e;
    throw e;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe('input files of a spec', () => {
  it('reads data from the spec directory tree and the working directory tree', async () => {
    expect((await readSpec(spec('beside', './data/test.csv'))).runs[0]!.data.test).toEqual({ kind: 'csv', path: join(specs, 'data', 'test.csv') });
    expect((await readSpec(spec('in-cwd', testCsv))).runs[0]!.data.test).toEqual({ kind: 'csv', path: testCsv });
  });

  it('refuses `..`, an absolute path and a symbolic link leading out, naming the field, the real path and the --allow-data value', async () => {
    for (const [name, path] of [['dots', '../secret.txt'], ['absolute', join(dir, 'secret.txt')], ['symlink', './data/link.csv'], ['dir-link', './up/secret.txt']] as const) {
      const e = await refusal(spec(name, path));
      expect(e.code, name).toBe('DATA_NOT_ALLOWED');
      expect(e.exitCode).toBe(2);
      expect(e.origin).toMatchObject({ path: 'data.test.path', line: 2 });
      expect(e.message).toContain(`resolves to ${join(dir, 'secret.txt')}`);
      expect(e.message).toContain(`--allow-data ${dir}\``);
      // Nothing of the file reaches the message.
      expect(e.message).not.toContain('hunter2abc');
    }
  });

  it('refuses a missing file outside the allowed trees the same way (whether it exists is not told), and keeps the missing-file error inside them', async () => {
    expect((await refusal(spec('gone-out', '../absent.csv'))).code).toBe('DATA_NOT_ALLOWED');
    const inside = await refusal(spec('gone-in', './data/absent.csv'));
    expect(inside.code).toBe('INVALID_SPEC');
    expect(inside.message).toContain(`no file at ${join(specs, 'data', 'absent.csv')}`);
  });

  it('refuses a data path that is a directory on validate, not only once the run reads it', async () => {
    const e = await refusal(spec('data-dir', './data'));
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.origin).toMatchObject({ path: 'data.test.path', line: 2 });
    expect(e.message).toContain(`${join(specs, 'data')} is a directory, not a CSV file`);
  });

  it('refuses a plugin file option (a model path) leading out of the allowed trees', async () => {
    mkdirSync(join(dir, 'models'), { recursive: true });
    copyFileSync(join(repo, 'fixtures/models/barrier-mlp.onnx'), join(dir, 'models', 'm.onnx'));
    const e = await refusal(spec('model-out', './data/test.csv', 'model: { use: onnx, with: { path: ../models/m.onnx } }'));
    expect(e.code).toBe('DATA_NOT_ALLOWED');
    expect(e.origin.path).toBe('model.with.path');
    expect(e.message).toContain(`--allow-data ${join(dir, 'models')}\``);
    const allowed = await readSpec(spec('model-allowed', './data/test.csv', 'model: { use: onnx, with: { path: ../models/m.onnx } }'), { trust: { allow: [], allowData: [join(dir, 'models')] } });
    expect(allowed.runs[0]!.model.options.path).toBe(join(dir, 'models', 'm.onnx'));
  });

  it('places a refused path at the sweep entry that set it, naming the run', async () => {
    copyFileSync(join(repo, 'fixtures/models/barrier-mlp.onnx'), join(specs, 'm.onnx'));
    const file = spec('model-swept', './data/test.csv', 'model: { use: onnx, with: { path: ./m.onnx } }\nsweep:\n  - { model.path: ./m.onnx }\n  - { model.path: ../models/m.onnx }');
    const e = await refusal(file);
    expect(e.code).toBe('DATA_NOT_ALLOWED');
    expect(e.origin).toMatchObject({ path: 'model.with.path (set by the sweep in run-1)', line: 7 });
  });

  it('reads a refused file once the operator allows its directory (the suggested value, relative to the working directory)', async () => {
    const file = spec('allowed', '../secret.txt');
    const suggested = /--allow-data (\S+)`/.exec((await refusal(file)).message)![1]!;
    const trust = await loadTrustPolicy(process.cwd(), { allowData: [relative(process.cwd(), suggested)] });
    expect((await readSpec(file, { trust })).runs[0]!.data.test).toEqual({ kind: 'csv', path: join(dir, 'secret.txt') });
    // An allowance of another directory does not help.
    expect((await refusal(file, { allow: [], allowData: [join(dir, 'models')] })).code).toBe('DATA_NOT_ALLOWED');
  });
});

/** Runs the CLI in `cwd`. */
const cli = (cwd: string, ...argv: string[]) => runCliIn(cwd, argv);

describe('--allow-data and "allowData"', () => {
  const work = join(dir, 'work');
  mkdirSync(work, { recursive: true });
  const file = spec('cli', '../secret.txt');

  it('refuses with exit 2 on validate and run, and allows by flag (relative to the working directory) or by config (relative to it)', async () => {
    for (const cmd of ['validate', 'run']) {
      const r = await cli(work, cmd, file, ...(cmd === 'run' ? ['--out', join(dir, 'out'), '--no-cache'] : []));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('DATA_NOT_ALLOWED');
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const byFlag = await cli(work, 'validate', file, '--allow-data', '..');
    expect(byFlag.stderr).toBe('');
    expect(byFlag.code).toBe(0);
    writeFileSync(join(work, 'regaudit.config.json'), JSON.stringify({ allowData: ['..'] }));
    const byConfig = await cli(work, 'validate', file);
    expect(byConfig.stderr).toBe('');
    expect(byConfig.code).toBe(0);
  });
});

describe("reporters' output files", () => {
  const reporters = (files: readonly string[]) => `reporters:\n${files.map((f, i) => `  - { use: ${['junit', 'markdown', 'html'][i % 3]}, with: { file: ${JSON.stringify(f)} } }`).join('\n')}\n`;

  it('refuses on validate and run an absolute path or `..` (exit 2, naming each field and the fix), and writes nothing', async () => {
    const file = join(specs, 'evil.audit.yaml');
    writeFileSync(file, `name: evil\ndata: { train: 50, test: 20 }\noracle: { use: barrier }\nmodel: { use: mlp }\n${reporters([join(dir, 'x', 'abs-evil.xml'), '../../evil-escape.md'])}`);
    const out = join(dir, 'evil-out', 'a', 'b');
    for (const cmd of ['validate', 'run']) {
      const r = await cli(dir, cmd, file, ...(cmd === 'run' ? ['--out', out, '--no-cache'] : []));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('INVALID_SPEC');
      expect(r.stderr).toContain('reporters[0].with.file');
      expect(r.stderr).toContain('reporters[1].with.file (line 7)');
      expect(r.stderr).toContain('Give a relative path without `..`');
    }
    expect(existsSync(join(dir, 'x', 'abs-evil.xml'))).toBe(false);
    expect(existsSync(join(dir, 'evil-out'))).toBe(false);
  });

  it('accepts files in a subdirectory of the report directory', async () => {
    const file = join(specs, 'sub.audit.yaml');
    writeFileSync(file, `name: sub\ndata: { train: 50, test: 20 }\noracle: { use: barrier }\nmodel: { use: mlp }\n${reporters(['ci/junit.xml', './summary.md', 'deep/er/report.html'])}`);
    expect((await readSpec(file)).reporters.map((r) => r.options.file)).toEqual(['ci/junit.xml', './summary.md', 'deep/er/report.html']);
  });
});
