/**
 * The tfjs-file IOHandler reads weight files only inside the model's directory: a model.json whose
 * manifest points elsewhere (`..`, an absolute path, a symbolic link) must not make an untrusted spec
 * read other files.
 */
import { cpSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('refuses a model.json that is a symbolic link leading out of the model directory, without reading it', async () => {
    const secret = join(dir, 'creds.txt');
    writeFileSync(secret, 'TOPSECRET_token\n');
    const model = modelWith('linked-json', 'weights.bin');
    rmSync(join(model, 'model.json'));
    symlinkSync(secret, join(model, 'model.json'));
    for (const path of [model, join(model, 'model.json')]) {
      const e = (await fileIOHandler(path).load!().then(() => undefined, (err: unknown) => err)) as Error;
      expect(e.message).toBe(`model.json is a symbolic link leading out of the model's directory ${model}`);
    }
  });

  it('reports a model.json that is not JSON by position, without quoting its content', async () => {
    const model = modelWith('not-json', 'weights.bin');
    for (const [text, message] of [['TOPSECRET_token\n', 'model.json is not valid JSON'], ['{"a": 1 TOPSECRET}', 'model.json is not valid JSON at position 8']]) {
      writeFileSync(join(model, 'model.json'), text);
      const e = (await fileIOHandler(model).load!().then(() => undefined, (err: unknown) => err)) as Error;
      expect(e.message).toBe(message);
    }
  });
});
