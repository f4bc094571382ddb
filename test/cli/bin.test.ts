/**
 * The real binary (bin/regaudit.js, tsx hooks) loading a TypeScript module plugin that sits outside any
 * `"type": "module"` package, as a user's `./plugins/my-oracle.ts` does: Node treats such a `.ts` file
 * as CommonJS, so the CLI and its sweep workers need tsx's CommonJS hook as well as its ESM one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/core/report.ts';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'regaudit-bin-'));

/** A typed oracle plugin (type annotations, so it must be compiled) with no package.json beside it. */
writeFileSync(join(dir, 'sum-oracle.ts'), `import { defineDomain } from '${join(root, 'src/core/domain.ts')}';
const domain = defineDomain({ features: [{ name: 'a', min: 0, max: 1 }, { name: 'b', min: 0, max: 1 }] });
export default {
  kind: 'oracle', name: 'sum', version: '1.0.0', description: 'a + b',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  cost: { tier: 'cheap', secondsPerCall: 1e-7 }, hasGradient: false,
  create() {
    return { domain, evaluate(x: Float64Array, n: number): Float64Array {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = x[2 * i]! + x[2 * i + 1]!;
      return out;
    } };
  },
};
`);
const spec = join(dir, 'sum.audit.yaml');
writeFileSync(spec, `name: sum
data: { train: 64, test: 32 }
oracle: { use: ./sum-oracle.ts }
model: { use: mlp, with: { hidden: [4], maxEpochs: 2, batchSize: 32, threads: 1 } }
sweep: { seed: [1, 2] }
`);
const allow = ['--allow-plugin', join(dir, 'sum-oracle.ts')];

/** Runs bin/regaudit.js with `args` in `dir`. */
const regaudit = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/regaudit.js'), ...args, ...allow], { cwd: dir, encoding: 'utf8' });

describe('bin/regaudit.js with a TypeScript module plugin outside an ESM package', () => {
  it('validates the spec and runs it in two worker threads', () => {
    const validated = regaudit('validate', spec);
    expect(validated.stderr).not.toContain('PLUGIN_IMPORT');
    expect(validated.status).toBe(0);
    const ran = regaudit('run', spec, '--jobs', '2', '--no-cache', '--quiet', '--out', join(dir, 'out'));
    expect(ran.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'sum', 'report.json'), 'utf8')) as AuditReport;
    expect(report.runs.map((r) => r.status)).toEqual(['ok', 'ok']);
  });
});
