import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { runBinary, runCliCaptured } from './run-cli.ts';

const registry = extendRegistry(bundledPlugins, toyPlugins);
const dir = mkdtempSync(join(tmpdir(), 'regaudit-cli-'));

const cli = (...argv: string[]) => runCliCaptured(argv, { registry });

function specFile(name: string, text: string): string {
  const path = join(dir, `${name}.audit.yaml`);
  writeFileSync(path, text);
  return path;
}

const toy = (name: string, extra = '') => `name: ${name}
data: { train: 200, test: 100 }
oracle: { use: toy-quadratic }
model: { use: toy-ridge, with: { features: 20 } }
attack: { use: toy-corner, with: { nTest: 50 } }
${extra}`;

describe('regaudit CLI (in process, toy plugins)', () => {
  it('exits 0 and writes <out>/<name>/report.json when every gate passes', async () => {
    const file = specFile('pass', toy('pass', 'sweep: { attack.nAttack: [0, 20] }\ngates: [{ metric: clean.mse, max: 1000 }]\n'));
    const r = await cli('run', file, '--out', join(dir, 'out'), '--quiet', '--no-cache');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'pass', 'report.json'), 'utf8'));
    expect(report.status).toBe('passed');
    expect(report.runs.map((x: { id: string }) => x.id)).toEqual(['run-0', 'run-1']);
    expect(r.stdout).toContain('pass: PASSED');
  });

  it('takes a baseline of the same spec and refuses (exit 2) one of another spec before any work', async () => {
    const first = specFile('base-a', toy('base-a', 'gates: [{ metric: clean.mse, maxIncrease: 0.5 }]\n'));
    const unbased = await cli('run', first, '--out', join(dir, 'out-a'), '--quiet', '--no-cache');
    expect(unbased.code).toBe(1); // no baseline: the relative gate fails, as the warning before any work said
    expect(unbased.stderr).toContain('warning: base-a: gates[0] (clean.mse) is relative to a baseline and will fail without one; pass --baseline');
    const baseline = join(dir, 'out-a', 'base-a', 'report.json');
    const based = await cli('run', first, '--baseline', baseline, '--out', join(dir, 'out-a2'), '--quiet', '--no-cache');
    expect(based.code).toBe(0);
    expect(based.stderr).not.toContain('relative to a baseline');
    const other = specFile('base-b', toy('base-b'));
    const r = await cli('run', first, other, '--baseline', baseline, '--out', join(dir, 'out-b'), '--quiet', '--no-cache');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/BASELINE_MISMATCH.*--baseline.*report of spec `base-a`.*base-b/);
    expect(() => readdirSync(join(dir, 'out-b'))).toThrow();
  });

  it('exits 1 on a failed gate, and --scale and --seed reach the runs', async () => {
    const file = specFile('fail', toy('fail', 'gates: [{ metric: attack.successRate, min: 2 }]\n'));
    const r = await cli('run', file, '--out', join(dir, 'out'), '--quiet', '--no-cache', '--scale', '0.5', '--seed', '9');
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'fail', 'report.json'), 'utf8'));
    expect(report).toMatchObject({ status: 'failed', seed: 9, scale: 0.5 });
    expect(report.runs[0].metrics['oracle.calls']).toBe(100 + 50 + 25 + 25);
    expect(r.stdout).toMatch(/FAIL run-0 .*attack\.successRate/);
  });

  it('exits 2 on a bad spec with the file and field in one paragraph, no stack', async () => {
    const file = specFile('bad', toy('bad').replace('features: 20', 'features: twenty'));
    const r = await cli('run', file, '--quiet', '--no-cache', '--out', join(dirname(file), 'bad-out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4`);
    expect(r.stderr).toContain('model.with.features');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for bad flags and unknown reporters', async () => {
    const file = specFile('flags', toy('flags'));
    const out = join(dirname(file), 'flags-out');
    expect((await cli('run', file, '--scale', '-1', '--no-cache', '--out', out)).code).toBe(2);
    const r = await cli('run', file, '--reporter', 'jsn', '--quiet', '--no-cache', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean `json`?');
    expect(existsSync(out)).toBe(false); // refused before any work: not even the report directory
  });

  it("ends commander's usage errors with the command's --help, where the fix is", async () => {
    const unknown = await cli('run', 'x.yaml', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    expect(unknown.stderr).toContain('`regaudit run --help` shows the usage');
    const missing = await cli('cache', 'prune', '--older-than');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('`regaudit cache prune --help` shows the usage');
  });

  it("states --reporter's real default: the spec's reporters for run, console for merge-reports", async () => {
    const help = async (...argv: string[]) => (await cli(...argv, '--help')).stdout.replace(/\s+/g, ' ');
    expect(await help('run')).toContain("json always runs (default: the spec's `reporters`, else console)");
    expect(await help('merge-reports')).toContain("do not record the spec's `reporters`) (default: console)");
  });

  it('exits 0 for --help and --version, 2 when a command is missing', async () => {
    expect((await cli('--help')).code).toBe(0);
    expect((await cli('cache', '--help')).code).toBe(0);
    expect((await cli('--version')).code).toBe(0);
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: regaudit');
    expect((await cli('cache')).code).toBe(2);
  });

  it("runs the spec's reporters unless --reporter names others, json always, and refuses unknown ones", async () => {
    const file = specFile('spec-reporters', toy('spec-reporters', 'reporters: [{ use: junit }, { use: markdown, with: { stepSummary: false } }]\n'));
    const fromSpec = join(dir, 'spec-reporters-out');
    expect((await cli('run', file, '--out', fromSpec, '--quiet', '--no-cache')).code).toBe(0);
    expect(readdirSync(join(fromSpec, 'spec-reporters')).sort()).toEqual(['junit.xml', 'report.json', 'summary.md']);
    const fromFlag = join(dir, 'flag-reporters-out');
    expect((await cli('run', file, '--out', fromFlag, '--quiet', '--no-cache', '--reporter', 'html')).code).toBe(0);
    expect(readdirSync(join(fromFlag, 'spec-reporters')).sort()).toEqual(['report.html', 'report.json']);
    const bad = await cli('validate', specFile('bad-reporter', toy('bad-reporter', 'reporters: [{ use: junitt }]\n')));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('reporters[0].use');
    expect(bad.stderr).toContain('Did you mean `junit`?');
  });

  it('exits 3 when a plugin throws, finishing the other runs', async () => {
    const file = specFile('boom', toy('boom', 'sweep: { model.explode: [false, true, false] }\n'));
    const r = await cli('run', file, '--out', join(dir, 'out'), '--quiet', '--no-cache');
    expect(r.code).toBe(3);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'boom', 'report.json'), 'utf8'));
    expect(report.runs.map((x: { status: string }) => x.status)).toEqual(['ok', 'errored', 'ok']);
    expect(report.runs[1].error).toMatchObject({ plugin: 'toy-ridge', stage: 'fit' });
  });

  it('validate accepts good specs and refuses bad ones with exit 2', async () => {
    const good = specFile('good', toy('good'));
    expect(await cli('validate', good)).toMatchObject({ code: 0, stdout: expect.stringContaining('ok ') });
    const bad = specFile('typo', 'name: t\noracle: {use: toy-quadratc}\nmodel: {use: toy-ridge}\n');
    const r = await cli('validate', good, bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean `toy-quadratic`?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // --verbose adds the stack, as for every command
    expect((await cli('--verbose', 'validate', bad)).stderr).toMatch(/\n\s+at /);
  });

  it('validate takes run\'s --repeats, --seed and --scale, so a spec gated on confidence limits validates as it runs', async () => {
    const gated = specFile('limits', toy('limits', 'gates: [{ metric: clean.mse, max: 1000, on: upper }]\n'));
    const without = await cli('validate', gated);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/needs repeated trainings/);
    expect(await cli('validate', gated, '--repeats', '3', '--seed', '4', '--scale', '0.5')).toMatchObject({ code: 0, stdout: expect.stringContaining('ok ') });
    expect((await cli('validate', gated, '--repeats', '0')).code).toBe(2);
  });

  it('validate runs the attack\'s domain check, as run does before any work: a bad trigger feature is exit 2', async () => {
    const text = (feature: string) => `name: trig\noracle: { use: barrier }\nmodel: { use: toy-ridge }\nattack: { use: localized-backdoor, with: { trigger: [{ feature: ${feature}, center: 0.3 }] } }\n`;
    const bad = await cli('validate', specFile('trig-bad', text('vola')));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/trig-bad\.audit\.yaml, at attack\.with\.trigger\.0\.feature.*unknown feature `vola`\. Did you mean `vol`\?/);
    expect(bad.stdout).toBe('');
    expect(await cli('validate', specFile('trig-good', text('vol')))).toMatchObject({ code: 0, stdout: expect.stringContaining('ok ') });
    // run checks every spec's domain before running any: the good spec first does not run.
    const out = join(dir, 'out-trig');
    const run = await cli('run', specFile('trig-first', toy('trig-first')), specFile('trig-bad', text('vola')), '--out', out, '--quiet', '--no-cache');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/trig-bad\.audit\.yaml, at attack\.with\.trigger\.0\.feature/);
    expect(() => readdirSync(join(out, 'trig-first'))).toThrow();
  });

  it('validate and run refuse defense options the defense checks up front (checkOptions): exit 2 before any training', async () => {
    const activations = await cli('validate', specFile('act', toy('act', 'defenses: [{ use: proximity, with: { space: activations } }]\n')));
    expect(activations.code).toBe(2);
    expect(activations.stderr).toMatch(/act\.audit\.yaml.*defenses\.proximity\.with\.space.*does not expose internal-layer activations/);
    const range = specFile('krange', toy('krange', 'defenses: [{ use: gmm, with: { kMin: 5, kMax: 2 } }]\n'));
    expect((await cli('validate', range)).stderr).toMatch(/kMin \(5\) exceeds kMax \(2\)/);
    const out = join(dir, 'out-krange');
    const run = await cli('run', range, '--out', out, '--quiet', '--no-cache');
    expect(run.code).toBe(2);
    expect(() => readdirSync(join(out, 'krange'))).toThrow();
  });

  it('plugins lists each plugin with its option defaults, marking options that have none and are required', async () => {
    const r = await cli('plugins');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/onnx@1\.0\.0.*\n\s+options: path \(required\), inputName=null/);
  });

  it('plugins --json lists every plugin with kind, version and options schema', async () => {
    const r = await cli('plugins', '--json');
    const { plugins } = JSON.parse(r.stdout) as { plugins: { kind: string; name: string; version: string; capabilities: Record<string, unknown>; optionsSchema: { properties: object } }[] };
    expect(plugins.find((p) => p.name === 'toy-ridge')).toMatchObject({ kind: 'model', version: '1.0.0', capabilities: { canTrain: true } });
    expect(plugins.find((p) => p.name === 'json')?.kind).toBe('reporter');
    // Capabilities are every declared data field, not a hand-kept list: file, output and speed options too.
    expect(plugins.find((p) => p.name === 'onnx')).toMatchObject({ capabilities: { canTrain: false, fileOptions: ['path'] } });
    expect(plugins.find((p) => p.name === 'junit')).toMatchObject({ capabilities: { outputOptions: ['file'] } });
    expect(plugins.find((p) => p.name === 'localized-backdoor')).toMatchObject({ capabilities: { scaledOptions: ['nAttack', 'nClean', 'nAttackTest'] } });
    for (const p of plugins) expect(Object.values(p.capabilities).some((v) => typeof v === 'function')).toBe(false);
    for (const p of plugins) expect(p.optionsSchema).toHaveProperty('type', 'object');
  });
});

describe('npx regaudit (subprocess)', () => {
  it('validate exits 2 with one paragraph naming the field for a bad spec', async () => {
    const file = specFile('sub', 'name: s\noracle: {use: barier}\nmodel: {use: onnx, with: {path: 3}}\n');
    const r = await runBinary(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean `barrier`?');
    expect(r.stderr).toContain('model.with.path');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('plugins --json lists the bundled plugins', async () => {
    const r = await runBinary(['plugins', '--json']);
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout).plugins as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['console', 'json']));
  });
});
