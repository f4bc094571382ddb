import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Model, ModelPlugin } from '../../../src/core/model.ts';
import type { PluginContext } from '../../../src/core/plugin.ts';
import { modelCodec } from '../../../src/engine/cache/codec.ts';

/** A model plugin whose `load` records the files it was given. */
function recordingPlugin(): { plugin: ModelPlugin<object>; loaded: string[][] } {
  const loaded: string[][] = [];
  const plugin = {
    async load(dir: string) {
      loaded.push(readdirSync(dir, { recursive: true }).map(String).sort());
      return {} as Model;
    },
  } as unknown as ModelPlugin<object>;
  return { plugin, loaded };
}

const ctx = () => ({}) as PluginContext;
const bytes = new Uint8Array([1, 2, 3]);

describe('modelCodec.fromData', () => {
  it('restores files in subdirectories of the model directory', async () => {
    const { plugin, loaded } = recordingPlugin();
    await modelCodec(plugin, {}, ctx).fromData({ files: { 'model.json': bytes, 'weights/w.bin': bytes } });
    expect(loaded).toEqual([['model.json', 'weights', join('weights', 'w.bin')]]);
  });

  it('refuses a file name leading out of the model directory and writes nothing (a forged cache entry)', async () => {
    const victim = mkdtempSync(join(tmpdir(), 'regaudit-victim-'));
    const target = join(victim, 'PWNED');
    const { plugin, loaded } = recordingPlugin();
    const escape = `../${basename(victim)}/PWNED`;
    await expect(modelCodec(plugin, {}, ctx).fromData({ files: { 'model.json': bytes, [escape]: bytes } })).rejects.toThrow(/leads outside the model's directory/);
    expect(existsSync(target)).toBe(false);
    expect(loaded).toEqual([]);
  });

  it.each(['/etc/regaudit-absolute', '', '.', 'a/../..', 'weights/../../x', 'nul\0byte'])('refuses the file name %j', async (rel) => {
    const { plugin, loaded } = recordingPlugin();
    await expect(modelCodec(plugin, {}, ctx).fromData({ files: { [rel]: bytes } })).rejects.toThrow(/leads outside/);
    expect(loaded).toEqual([]);
  });
});
