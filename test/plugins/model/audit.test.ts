/**
 * Imported models through the whole engine: the example specs in fixtures/specs audit the PyTorch-trained
 * MLP (as ONNX and as a tfjs LayersModel) on the CSV test set with no training, and a spec that plants an
 * attack on an imported model is refused before any work.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRegauditError } from '../../../src/core/errors.ts';
import { runAudit } from '../../../src/engine/audit.ts';
import { readSpec } from '../../../src/spec/validate.ts';
import { barrierMlp, fixturePath } from './fixture.ts';

const out = mkdtempSync(join(tmpdir(), 'regaudit-import-'));
let variants = 0;

/** A copy of an example spec in a temporary directory, with absolute paths and `edit` applied. */
function specVariant(name: string, edit: (text: string) => string): string {
  const text = readFileSync(fixturePath(`specs/${name}`), 'utf8')
    .replace(/path: \.\.\/models\//g, `path: ${fixturePath('models/')}`)
    .replace('../data/barrier-test.csv', fixturePath('data/barrier-test.csv'));
  const file = join(out, `${variants++}-${name}`);
  writeFileSync(file, edit(text));
  return file;
}

describe.each(['onnx-import.audit.yaml', 'tfjs-import.audit.yaml'])('audit of an imported model (%s)', (specName) => {
  it("runs without training and reports PyTorch's clean MSE (relative 1e-4)", async () => {
    const spec = await readSpec(fixturePath(`specs/${specName}`));
    const { report, exitCode } = await runAudit(spec, { outDir: out });
    expect(exitCode).toBe(0);
    const metrics = report.runs[0]!.metrics;
    expect(Math.abs(metrics['clean.mse']! / barrierMlp.torch.mse - 1)).toBeLessThan(1e-4);
    expect(Math.abs(metrics['clean.mae']! / barrierMlp.torch.mae - 1)).toBeLessThan(1e-4);
    expect(Object.keys(metrics).filter((k) => k.startsWith('train.'))).toEqual([]);
    expect(metrics['oracle.calls']).toBe(0); // the CSV's value column labels the test set
  });

  it('refuses a spec that plants an attack with MODEL_CANNOT_TRAIN (exit 2)', async () => {
    const file = specVariant(specName, (t) => t.replace('gates:', 'attack:\n  use: localized-backdoor\ngates:'));
    const e = await readSpec(file).then(() => undefined, (err: unknown) => err);
    expect(isRegauditError(e) && e.code).toBe('MODEL_CANNOT_TRAIN');
    expect(isRegauditError(e) && e.exitCode).toBe(2);
  });

  it.each(['proximity', 'gmm'])('refuses `%s` with `mitigate: true` (it retrains) at validation, naming the field; detection alone is accepted', async (defense) => {
    const withDefense = (mitigate: boolean) => (t: string) =>
      t.replace('data:\n', `defenses:\n  - { use: ${defense}, with: { mitigate: ${mitigate} } }\ndata:\n  train: { path: ${fixturePath('data/barrier-test.csv')} }\n`);
    const e = await readSpec(specVariant(specName, withDefense(true))).then(() => undefined, (err: unknown) => err);
    expect(isRegauditError(e) && e.code).toBe('MODEL_CANNOT_TRAIN');
    expect(isRegauditError(e) && e.exitCode).toBe(2);
    expect(isRegauditError(e) && e.message).toMatch(new RegExp(`defenses\\[0\\]\\.with\\.mitigate.*\`${defense}\` mitigates by retraining`));
    await expect(readSpec(specVariant(specName, withDefense(false)))).resolves.toBeDefined();
  });
});

describe('audit on a CSV with a bad row', () => {
  it('ends with exit 2 and an error naming the file, line and column', async () => {
    const csv = join(out, 'bad.csv');
    const lines = readFileSync(fixturePath('data/barrier-test.csv'), 'utf8').split('\n');
    const cols = lines[0]!.split(',');
    const row = lines[3]!.split(',');
    row[cols.indexOf('vol')] = 'high';
    lines[3] = row.join(',');
    writeFileSync(csv, lines.join('\n'));
    const file = specVariant('onnx-import.audit.yaml', (t) => t.replace(fixturePath('data/barrier-test.csv'), csv));
    const { report, exitCode } = await runAudit(await readSpec(file), { outDir: out });
    expect(exitCode).toBe(2);
    expect(report.runs[0]!.error?.message).toContain(`${csv}:4:${cols.indexOf('vol') + 1}`);
  });
});
