import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../../fixtures/plugins/index.ts';
import { silentLogger } from '../../../src/core/plugin.ts';
import { defineModel } from '../../../src/core/model.ts';
import { runAudit } from '../../../src/engine/audit.ts';
import { DiskStageRunner } from '../../../src/engine/cache/disk-runner.ts';
import { fileFingerprint } from '../../../src/engine/cache/fingerprint.ts';
import { bundledPlugins, extendRegistry } from '../../../src/spec/registry.ts';
import { readSpec } from '../../../src/spec/validate.ts';

/** An "imported" model reading its bias from a file option, like onnx/tfjs-file read their model file. */
const fileModel = defineModel<{ path: string }>({
  kind: 'model',
  name: 'file-bias',
  version: '1.0.0',
  description: 'predicts the toy formula plus a bias read from `path` (tests only)',
  optionsSchema: { type: 'object', required: ['path'], additionalProperties: false, properties: { path: { type: 'string' } } },
  fileOptions: ['path'],
  canTrain: false,
  hasInputGradient: false,
  hasActivations: false,
  async create(options) {
    const bias = Number(readFileSync(options.path, 'utf8'));
    return {
      nFeatures: 2,
      async predict(x, n) {
        return Float64Array.from({ length: n }, (_, i) => 1 + 2 * x[2 * i]! + (2 * x[2 * i + 1]! - 1) ** 2 + bias);
      },
      dispose() {},
    };
  },
});

const registry = extendRegistry(bundledPlugins, { ...toyPlugins, model: { 'file-bias': fileModel } });

describe('file options', () => {
  it('resolve against the spec directory, and a changed file at the same path is not served from the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-files-'));
    mkdirSync(join(dir, 'specs', 'models'), { recursive: true });
    const model = join(dir, 'specs', 'models', 'bias.txt');
    writeFileSync(model, '0.5');
    writeFileSync(join(dir, 'specs', 'a.audit.yaml'), 'name: files\ndata: { test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: file-bias, with: { path: models/bias.txt } }\nsearch: { seeds: random, randomSeeds: 20, rounds: 1, maxSteps: 5 }\n');
    const spec = await readSpec(join(dir, 'specs', 'a.audit.yaml'), { registry });
    expect(spec.runs[0]!.model.options.path).toBe(model);
    const runner = () => new DiskStageRunner(join(dir, 'cache'), silentLogger);
    // The search stage is stored on disk under a key that includes the model's: with a stale key its
    // maximizers (and their errors, |bias| everywhere) would come back from the first run.
    const run = async () => {
      const r = runner();
      const { report } = await runAudit(spec, { outDir: join(dir, 'out'), runner: r });
      return { mse: report.runs[0]!.metrics['clean.mse'], errors: report.runs[0]!.details!.maximizers!.absError, searched: r.stats.computed.get('search') };
    };
    const first = await run();
    expect(first.mse).toBeCloseTo(0.25, 12);
    expect(first.errors[0]).toBeCloseTo(0.5, 9);
    expect((await run()).searched).toBeUndefined(); // unchanged file: served from the cache
    const before = fileFingerprint(model);
    writeFileSync(model, '0.25');
    expect(fileFingerprint(model)).not.toBe(before);
    const changed = await run();
    expect(changed.searched).toBe(1);
    expect(changed.mse).toBeCloseTo(0.0625, 12);
    expect(changed.errors[0]).toBeCloseTo(0.25, 9);
  });

  it('fingerprint content, not the path: a copy elsewhere has the same print', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-files-'));
    writeFileSync(join(dir, 'a.bin'), 'same bytes');
    writeFileSync(join(dir, 'b.bin'), 'same bytes');
    expect(fileFingerprint(join(dir, 'a.bin'))).toBe(fileFingerprint(join(dir, 'b.bin')));
    expect(fileFingerprint(join(dir, 'missing.bin'))).toBe('missing');
  });
});
