import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { isRegauditError, type RegauditError } from '../../src/core/errors.ts';
import { parseSpec } from '../../src/spec/load.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { validateSpec } from '../../src/spec/validate.ts';

const registry = extendRegistry(bundledPlugins, toyPlugins);
const validate = (text: string, file = 'spec.yaml') => validateSpec(parseSpec(text, file), { registry });

function failure(text: string, file = 'spec.yaml'): RegauditError {
  try {
    validate(text, file);
  } catch (e) {
    if (isRegauditError(e)) return e;
    throw e;
  }
  throw new Error('expected the spec to be refused');
}

const minimal = 'name: m\noracle: {use: toy-quadratic}\nmodel: {use: toy-ridge}\n';

describe('validateSpec', () => {
  it('accepts a minimal spec and fills every default', () => {
    const spec = validate(minimal);
    expect(spec.runs).toHaveLength(1);
    const run = spec.runs[0]!;
    expect(run.id).toBe('run-0');
    expect(run.seed).toBe(1);
    expect(run.data.train).toEqual({ kind: 'sample', n: 10000 });
    expect(run.model.options).toEqual({ features: 40, lambda: 1e-3, bandwidth: 3, explode: false, nan: false });
    expect(run.attack).toBeUndefined();
    expect(run.search).toBeUndefined();
  });

  it('accepts the minimal barrier + mlp spec with the bundled plugins', () => {
    const spec = validateSpec(parseSpec('name: minimal\noracle: {use: barrier}\nmodel: {use: mlp}\n', 'minimal.yaml'));
    expect(spec.runs).toHaveLength(1);
    expect(spec.runs[0]!.model.options).toHaveProperty('hidden');
  });

  it('suggests the near-miss plugin name, with the field path and line', () => {
    const e = failure('name: m\noracle: {use: toy-quadratc}\nmodel: {use: toy-ridge}\n');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('spec.yaml:2');
    expect(e.message).toContain('oracle.use');
    expect(e.message).toContain('Did you mean `toy-quadratic`?');
    expect(e.message).toContain('Run `regaudit plugins`');
  });

  it('points to `regaudit plugins` only when a problem concerns a plugin or its options', () => {
    expect(failure(`${minimal}seed: -1\n`).message).not.toContain('regaudit plugins');
    expect(failure(`${minimal.replace('{use: toy-ridge}', '{use: toy-ridge, with: {features: ten}}')}`).message).toContain('Run `regaudit plugins`');
    expect(failure(`${minimal}sweep: {model.with.features: [3, ten]}\n`).message).toContain('Run `regaudit plugins`');
    expect(failure(`${minimal}sweep: [{model.with.features: ten}]\n`).message).toContain('Run `regaudit plugins`');
    expect(failure(`${minimal}data: {test: {path: gone.csv}}\n`, '/tmp/specs/spec.yaml').message).not.toContain('regaudit plugins');
  });

  it('places a missing file at its own field, and at the sweep only when a swept value names it', () => {
    const fixed = failure('name: m\ndata: {test: {path: gone.csv}}\noracle: {use: toy-quadratic}\nmodel: {use: toy-ridge}\nsweep: {seed: [1, 2]}\n', '/tmp/specs/spec.yaml');
    expect(fixed.origin.path).toBe('data.test.path');
    expect(fixed.origin.line).toBe(2);
    const swept = failure('name: m\noracle: {use: toy-quadratic}\nmodel: {use: onnx, with: {path: base.onnx}}\nsweep: {model.path: [a.onnx, b.onnx]}\n', '/tmp/specs/spec.yaml');
    expect(swept.origin.path).toBe('sweep.model.path');
    expect(swept.message).toContain('in run-0 (model.path = "a.onnx"), model.with.path: no file at /tmp/specs/a.onnx');
  });

  it('places a bad swept value at the sweep key that set it: in a grid the key\'s line, in a list the row\'s key', () => {
    const grid = failure(`${minimal}sweep:\n  seed: [1, 2]\n  model.features: [3, ten]\n`);
    expect(grid.origin.path).toBe('sweep.model.features');
    expect(grid.origin.line).toBe(6);
    const list = failure(`${minimal}sweep:\n  - { seed: 1, model.features: 3 }\n  - seed: 2\n    model.features: ten\n`);
    expect(list.origin.path).toBe('sweep[1].model.features');
    expect(list.origin.line).toBe(7);
  });

  it('names the option path and expected type for a wrong option type', () => {
    const e = failure(`${minimal.replace('{use: toy-ridge}', '{use: toy-ridge, with: {features: ten}}')}`);
    expect(e.origin.path).toBe('model.with.features');
    expect(e.message).toMatch(/model\.with\.features: expected integer.*got "ten"/);
  });

  it('refuses negative and absurd counts', () => {
    expect(failure(`${minimal}data: {train: -5}\n`).message).toMatch(/data\.train: expected a sample count.*got -5 \(must be >= 0\)\.$/);
    expect(failure(`${minimal}data: {train: 60.5}\n`).message).toMatch(/data\.train: expected a sample count.*got 60\.5 \(must be a whole number\)\.$/);
    expect(failure(`${minimal}data: {train: yes}\n`).message).toMatch(/data\.train: expected a sample count.*got "yes"\.$/);
    expect(failure(`${minimal}data: {test: 1e12}\n`).origin.path).toBe('data.test');
    expect(failure(`${minimal}attack: {use: toy-corner, with: {nAttack: -1}}\n`).message).toMatch(/attack\.with\.nAttack: must be >= 0/);
  });

  it('refuses unknown gate metrics with a suggestion, and gates without bounds', () => {
    const e = failure(`${minimal}attack: {use: toy-corner}\ngates: [{metric: clean.mseDrfit, max: 0.1}]\n`);
    expect(e.message).toContain('gates[0].metric');
    expect(e.message).toContain('Did you mean `clean.mseDrift`?');
    const b = failure(`${minimal}gates: [{metric: clean.mse}]\n`);
    expect(b.message).toMatch(/gates\[0\]: needs at least one of `min`, `max`, `maxIncrease`, `maxDecrease`/);
  });

  it('refuses relative bounds on a metric that can be negative (the change would flip direction)', () => {
    const e = failure(`${minimal}attack: {use: toy-corner}\ngates: [{metric: clean.mseDrift, maxIncrease: 0.05}]\n`);
    expect(e.message).toMatch(/gates\[0\]: `clean\.mseDrift` can be negative.*bound it with `min`\/`max`/);
    // a defense's mitigated errors are never negative: relative bounds on them stay allowed
    expect(() => validateSpec(parseSpec(`${minimal}attack: {use: toy-corner}\ndefenses: [{use: toy-residual}]\ngates: [{metric: defense.toy-residual.mitigated.clean.mse, maxIncrease: 0.05}]\n`, 'm.yaml'), { registry })).not.toThrow();
  });

  it('refuses gates on metrics the spec cannot produce', () => {
    expect(failure(`${minimal}gates: [{metric: attack.successRate, max: 0.1}]\n`).message).toContain('needs an attack');
    const degradation = failure(`${minimal}attack: {use: degradation}\ndefenses: [{use: toy-residual}]\ngates: [{metric: attack.successRate, max: 0.1}, {metric: defense.toy-residual.tpr, min: 0.5}, {metric: clean.mseDrift, max: 0.2}]\n`);
    expect(degradation.message).toMatch(/gates\[0\]\.metric.*`attack\.successRate` is never reported with attack `degradation`/);
    expect(degradation.message).toMatch(/gates\[1\]\.metric.*`defense\.toy-residual\.tpr` is never reported/);
    expect(degradation.message).not.toMatch(/gates\[2\]/);
    expect(failure(`${minimal}defenses: [{use: toy-residual}]\ngates: [{metric: defense.toy-residual2.tpr, min: 0.1}]\n`).message).toContain('Did you mean `toy-residual`?');
  });

  it('refuses gates that can never pass or be measured: min above max, clean metrics without test rows, non-finite bounds', () => {
    expect(failure(`${minimal}gates: [{metric: clean.mse, min: 5, max: 1}]\n`).message).toContain('gates[0]: `min` 5 is above `max` 1');
    expect(validate(`${minimal}gates: [{metric: clean.mse, min: 1, max: 1}]\n`).gates).toHaveLength(1);
    expect(failure(`${minimal}data: {test: 0}\ngates: [{metric: clean.mae, max: 1}]\n`).message).toContain('data.test: a gate reads `clean.mae`, measured on the clean test set, but the test set would have 0 rows (0)');
    const scaled = () => validateSpec(parseSpec(`${minimal}data: {test: 4}\ngates: [{metric: clean.mae, max: 1}]\n`, 'spec.yaml'), { registry, scale: 0.1 });
    expect(scaled).toThrow('would have 0 rows (4 at --scale 0.1); raise --scale to at least 0.13, or give it more rows.');
    expect(failure(`${minimal}data: {test: 0}\ngates: [{metric: clean.mae, max: 1}]\n`).message).toContain('; give it more rows (the quickstart uses 10000).');
    expect(failure(`${minimal}attack: {use: toy-corner}\ndata: {test: 0}\ngates: [{metric: baseline.clean.mse, max: 1}]\n`).message).toContain('a gate reads `baseline.clean.mse`, measured on the clean test set');
    // only runs the gate reads need test rows
    expect(validate(`${minimal}attack: {use: toy-corner}\nsweep: [{attack.nAttack: 0, data.test: 0}, {attack.nAttack: 10, data.test: 50}]\ngates: [{metric: clean.mae, max: 1, where: {attack.nAttack: 10}}]\n`).runs).toHaveLength(2);
    expect(failure(`${minimal}gates: [{metric: clean.mse, max: .nan}]\n`).message).toContain('got NaN (not a finite number)');
  });

  it('refuses a reporter file option that names a directory (it would fail only when written), suggesting the default name', () => {
    for (const file of ['ci/', 'sub/.']) {
      expect(failure(`${minimal}reporters: [{use: junit, with: {file: "${file}"}}]\n`).message).toContain(`reporters[0].with.file: \`${file}\` names a directory, not a file. Give a file name, such as \`${file.replace(/\/\.?$/, '')}/junit.xml\``);
    }
    expect(validate(`${minimal}reporters: [{use: junit, with: {file: ci/junit.xml}}]\n`).reporters[0]!.options.file).toBe('ci/junit.xml');
  });

  it('refuses report.json as another reporter\'s output file (the json reporter always writes it)', () => {
    for (const file of ['report.json', './report.json', 'ci/../report.json']) {
      expect(failure(`${minimal}reporters: [{use: markdown, with: {file: "${file}"}}]\n`).message).toMatch(/reporters\[0\]\.with\.file: `report\.json` is the report contract/);
    }
    expect(validate(`${minimal}reporters: [{use: markdown, with: {file: ci/report.json}}]\n`).reporters[0]!.options.file).toBe('ci/report.json');
  });

  it('refuses a defense listed twice, whose metrics would overwrite each other', () => {
    const e = failure(`${minimal}defenses: [{use: toy-residual}, {use: toy-maxflag}, {use: toy-residual, with: {fraction: 0.2}}]\n`);
    expect(e.message).toContain('defenses[2].use: defense `toy-residual` is listed twice (also defenses[0])');
    expect(e.message).toContain('sweep: { defenses.toy-residual.<option>: [a, b] }');
  });

  it('refuses sharedEpochs in the unpaired design, and with a model that cannot share epochs', () => {
    const barrier = 'name: m\noracle: {use: barrier}\nmodel: {use: mlp}\n';
    expect(validate(barrier + 'sharedEpochs: 25\n').sharedEpochs).toBe(25);
    expect(validate(barrier).runs[0]!.sharedEpochs).toBe(0);
    const unpaired = failure(barrier + 'sharedEpochs: 25\ndesign: unpaired\n');
    expect(unpaired.exitCode).toBe(2);
    expect(unpaired.message).toMatch(/sharedEpochs.*paired design only/s);
    expect(failure(minimal + 'sharedEpochs: 3\n').message).toMatch(/model `toy-ridge` does not declare `canShareEpochs`/);
    expect(failure(barrier + 'sharedEpochs: -1\n').message).toMatch(/sharedEpochs/);
    // Not below the epochs the model trains: refused before any work, in the run whose sweep set them.
    const attack = 'attack: {use: localized-backdoor}\n';
    expect(failure(barrier + attack + 'sharedEpochs: 500\n').message).toContain('spec.yaml:5:15: sharedEpochs: 500 is not below the 500 epochs model `mlp` trains, so');
    // A sweep of the attack alone: every run has the problem, and naming the first (a control row) would mislead.
    expect(failure(barrier + attack + 'sharedEpochs: 500\nsweep: { attack.nAttack: [0, 300] }\n').message).not.toContain('run-0');
    expect(validate(barrier + attack + 'sharedEpochs: 499\n').sharedEpochs).toBe(499);
    const swept = failure(barrier + attack + 'sharedEpochs: 20\nsweep: { model.maxEpochs: [30, 20] }\n').message;
    expect(swept).toContain('sharedEpochs: 20 is not below the 20 epochs model `mlp` trains in run-1 (model.maxEpochs = 20), so');
    expect(swept).not.toContain('run-0');
    // A sweep of other model options: every run has the problem, so none is named.
    expect(failure(barrier + attack + 'sharedEpochs: 500\nsweep: { model.learningRate: [0.01, 0.001] }\n').message).not.toMatch(/run-\d/);
    expect(validate(barrier + 'sharedEpochs: 600\n').sharedEpochs).toBe(600);
  });

  it('refuses a trained model with no training rows, also when --scale rounds them to 0', () => {
    expect(failure(`${minimal}data: {train: 0}\n`).message).toContain('data.train: model `toy-ridge` is trained, but the training set would have 0 rows (0)');
    const scaled = (() => {
      try {
        validateSpec(parseSpec(`${minimal}data: {train: 4}\n`, 'spec.yaml'), { registry, scale: 0.1 });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(scaled).toContain('0 rows (4 at --scale 0.1); raise --scale to at least 0.13, or give it more rows.');
    expect(failure(`${minimal}data: {train: 0}\n`).message).toContain('; give it more rows (the quickstart uses 6000).');
    expect(validate(`name: i\ndata: {train: 0, test: 10}\noracle: {use: toy-quadratic}\nmodel: {use: toy-fixed}\n`).runs[0]!.data.train).toEqual({ kind: 'sample', n: 0 });
  });

  it('refuses unknown keys with a suggestion', () => {
    const e = failure(`${minimal}sed: 3\n`);
    expect(e.message).toContain('unknown key `sed`');
    expect(e.message).toContain('Did you mean `seed`?');
    expect(failure(`${minimal.replace('{use: toy-ridge}', '{use: toy-ridge, with: {lamda: 1}}')}`).message).toContain('model.with.lamda: unknown key `lamda`. Did you mean `lambda`?');
  });

  it('reports YAML syntax errors with line and column, empty files and non-mappings', () => {
    const syntax = failure('name: m\noracle: {use: x\nmodel: y\n');
    expect(syntax.code).toBe('SPEC_SYNTAX');
    expect(syntax.origin.line).toBeGreaterThan(1);
    expect(syntax.origin.column).toBeGreaterThan(0);
    expect(failure('').code).toBe('SPEC_EMPTY');
    expect(failure('# only a comment\n').code).toBe('SPEC_EMPTY');
    expect(failure('- a\n- b\n').code).toBe('SPEC_NOT_MAPPING');
    expect(failure('42').message).toContain('must be a mapping');
  });

  it('reads JSON specs too', () => {
    expect(validate(JSON.stringify({ name: 'j', oracle: { use: 'toy-quadratic' }, model: { use: 'toy-ridge' } }), 's.json').name).toBe('j');
  });

  it('expands a grid sweep in order, applies short paths and scales counts', () => {
    const spec = validateSpec(parseSpec(`${minimal}data: {train: 1000}\nattack: {use: toy-corner}\nsweep: {attack.nAttack: [0, 100], model.features: [5, 6]}\n`, 's.yaml'), { registry, scale: 0.1 });
    expect(spec.runs.map((r) => r.params)).toEqual([
      { 'attack.nAttack': 0, 'model.features': 5 },
      { 'attack.nAttack': 0, 'model.features': 6 },
      { 'attack.nAttack': 100, 'model.features': 5 },
      { 'attack.nAttack': 100, 'model.features': 6 },
    ]);
    expect(spec.runs[2]!.attack!.options.nAttack).toBe(10);
    expect(spec.runs[2]!.attack!.options.nTest).toBe(10);
    expect(spec.runs[3]!.model.options.features).toBe(6);
    expect(spec.runs[0]!.data.train).toEqual({ kind: 'sample', n: 100 });
  });

  it('checks sweep values against the plugin options and sweep paths against the spec', () => {
    const bad = failure(`${minimal}attack: {use: toy-corner}\nsweep: {attack.nAttack: [10, -3]}\n`);
    expect(bad.message).toMatch(/run-1 \(attack\.nAttack = -3\), attack\.with\.nAttack: must be >= 0/);
    expect(failure(`${minimal}sweep: {attak.nAttack: [1]}\n`).message).toContain('Did you mean `attack`?');
    expect(failure(`${minimal}sweep: {attack.nAttack: [1]}\n`).message).toContain('the spec has no `attack`');
    expect(failure(`${minimal}sweep: [{seed: 1}]\ngates: [{metric: clean.mse, max: 1, where: {sed: 1}}]\n`).message).toContain('Did you mean `seed`?');
    expect(failure(`${minimal}sweep: [{seed: 1}]\ngates: [{metric: clean.mse, max: 1, where: {seed: 2}}]\n`).message).toContain('gates[0].where: matches no run');
  });

  it('refuses to attack a model that cannot train', () => {
    const e = failure('name: m\noracle: {use: toy-quadratic}\nmodel: {use: toy-fixed}\nattack: {use: toy-corner}\n');
    expect(e.code).toBe('MODEL_CANNOT_TRAIN');
    expect(e.exitCode).toBe(2);
  });

  it('asks for the training file when an imported model meets a defense that needs training inputs', () => {
    const e = failure('name: m\noracle: {use: toy-quadratic}\nmodel: {use: toy-fixed}\ndefenses: [{use: toy-residual}]\n');
    expect(e.message).toContain('defenses[0].use');
    expect(e.message).toContain('data: {train: {path: file.csv}}');
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-validate-'));
    writeFileSync(join(dir, 't.csv'), 'x0,x1\n0.5,0.5\n');
    expect(validate('name: m\ndata: {train: {path: t.csv}}\noracle: {use: toy-quadratic}\nmodel: {use: toy-fixed}\ndefenses: [{use: toy-residual}]\n', join(dir, 'spec.yaml')).runs[0]!.data.train.kind).toBe('csv');
  });

  it('refuses data files and plugin file options that do not exist, naming the field and the resolved path', () => {
    const e = failure('name: m\ndata: {test: {path: gone.csv}}\noracle: {use: toy-quadratic}\nmodel: {use: onnx, with: {path: ../specs/sub/none.onnx}}\n', '/tmp/specs/spec.yaml');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^\/tmp\/specs\/spec\.yaml:2:\d+: data\.test\.path: no file at \/tmp\/specs\/gone\.csv/);
    expect(e.message).toMatch(/model\.with\.path \(line 4\): no file at \/tmp\/specs\/sub\/none\.onnx/);
  });

  it('fills search defaults when a defense needs maximizers', () => {
    const spec = validate(`${minimal}defenses: [{use: toy-maxflag}]\n`);
    expect(spec.runs[0]!.search).toMatchObject({ seeds: 'train', rounds: expect.any(Number) });
  });

  it('never throws anything but RegauditError on random or mutated specs (fast-check)', () => {
    const base = { name: 'm', seed: 3, oracle: { use: 'toy-quadratic' }, model: { use: 'toy-ridge', with: { features: 4 } }, attack: { use: 'toy-corner' }, data: { train: 10 }, gates: [{ metric: 'clean.mse', max: 1 }], sweep: { 'attack.nAttack': [1, 2] } };
    const keys = ['name', 'seed', 'oracle', 'model', 'attack', 'data', 'gates', 'sweep', 'defenses', 'search', 'use', 'with', 'train', 'metric', 'max', 'min', 'where', 'nAttack', 'attack.nAttack', 'model.features'];
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constantFrom(...keys), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string(), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...keys), tie('v'), { maxKeys: 4 })),
    })).v;
    const mutate = fc.tuple(fc.array(fc.constantFrom(...keys), { minLength: 1, maxLength: 3 }), value).map(([path, v]) => {
      const spec = structuredClone(base) as Record<string, unknown>;
      let node: Record<string, unknown> = spec;
      for (const k of path.slice(0, -1)) {
        if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
        node = node[k] as Record<string, unknown>;
      }
      node[path[path.length - 1]!] = v;
      return JSON.stringify(spec);
    });
    const text = fc.oneof(mutate, value.map((v) => JSON.stringify(v) ?? ''), fc.string());
    fc.assert(
      fc.property(text, (t) => {
        try {
          validate(t, 'fuzz.json');
        } catch (e) {
          if (!isRegauditError(e)) throw e;
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400, examples: [['*!'], ['a: &x [*x]']] },
    );
  });
});
