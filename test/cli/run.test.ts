import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { runCliCaptured } from './run-cli.ts';

const registry = extendRegistry(bundledPlugins, toyPlugins);
const dir = mkdtempSync(join(tmpdir(), 'regaudit-run-'));
const cli = (...argv: string[]) => runCliCaptured(argv, { registry });

/** A toy spec file named `name` (file `<file>.audit.yaml`, default the name). */
function spec(name: string, file = name): string {
  const path = join(dir, `${file}.audit.yaml`);
  writeFileSync(path, `name: ${name}\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 15 } }\n`);
  return path;
}

describe('regaudit run refuses, before any work, what would fail or lose reports later (exit 2)', () => {
  it('a --stage-timeout above Node\'s timer limit, giving the maximum; the maximum itself runs', async () => {
    const file = spec('timeout');
    const r = await cli('run', file, '--out', join(dir, 'timeout-out'), '--no-cache', '--quiet', '--stage-timeout', '3000000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stage-timeout.*at most 2147483 .*got "3000000"/);
    expect(existsSync(join(dir, 'timeout-out'))).toBe(false);
    expect((await cli('run', file, '--out', join(dir, 'timeout-out'), '--no-cache', '--quiet', '--stage-timeout', '2147483')).code).toBe(0);
  });
});
