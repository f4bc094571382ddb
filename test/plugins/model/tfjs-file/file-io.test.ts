/**
 * The tfjs-file IOHandler reads weight files only inside the model's directory: a model.json whose
 * manifest points elsewhere (`..`, an absolute path, a symbolic link) must not make an untrusted spec
 * read other files.
 */
import { cpSync, mkdtempSync, readFileSync, realpathSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileIOHandler } from '../../../../plugins/model/tfjs-file/file-io.ts';
import { fixturePath } from '../fixture.ts';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-tfjs-io-')));

/** A copy of the fixture model whose manifest lists `weights` (its weights.bin moved to `moveTo` when given). */
function modelWith(name: string, weights: string, moveTo?: string): string {
  const model = join(dir, name);
  cpSync(fixturePath('models/barrier-mlp-tfjs'), model, { recursive: true });
  const json = JSON.parse(readFileSync(join(model, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  json.weightsManifest[0]!.paths = [weights];
  writeFileSync(join(model, 'model.json'), JSON.stringify(json));
  if (moveTo) renameSync(join(model, 'weights.bin'), moveTo);
  return model;
}

describe('fileIOHandler', () => {
  it('loads weights listed inside the model directory', async () => {
    const artifacts = await fileIOHandler(modelWith('ok', 'weights.bin')).load!();
    expect(artifacts.weightSpecs!.length).toBeGreaterThan(0);
  });

  it('refuses weight paths leading out of the model directory by `..`, an absolute path or a symbolic link', async () => {
    const outside = join(dir, 'outside.bin');
    await expect(fileIOHandler(modelWith('dots', '../outside.bin', outside)).load!()).rejects.toThrow(/weight file `\.\.\/outside\.bin` .* not inside the model's directory/);
    await expect(fileIOHandler(modelWith('absolute', outside)).load!()).rejects.toThrow(/not inside the model's directory/);
    const linked = modelWith('linked', 'weights.bin');
    renameSync(join(linked, 'weights.bin'), join(dir, 'moved.bin'));
    symlinkSync(join(dir, 'moved.bin'), join(linked, 'weights.bin'));
    await expect(fileIOHandler(linked).load!()).rejects.toThrow(/not inside the model's directory/);
  });
});
