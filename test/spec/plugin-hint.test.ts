import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { isRegauditError } from '../../src/core/errors.ts';
import { parseSpec } from '../../src/spec/load.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { validateSpec } from '../../src/spec/validate.ts';

const registry = extendRegistry(bundledPlugins, toyPlugins);
const minimal = 'name: m\noracle: {use: toy-quadratic}\nmodel: {use: toy-ridge}\n';
const HINT = 'Run `regaudit plugins`';

function message(extra: string): string {
  try {
    validateSpec(parseSpec(`${minimal}${extra}`, '/tmp/specs/spec.yaml'), { registry });
  } catch (e) {
    if (isRegauditError(e) && e.code === 'INVALID_SPEC') return e.message;
    throw e;
  }
  throw new Error('expected the spec to be refused');
}

// The hint follows the Problem's `aboutPlugin` flag, set where plugin problems are found, not words in
// the message: each case below once went the other way because its text happened to contain `use` or `with`.
describe('the `regaudit plugins` hint of INVALID_SPEC', () => {
  it('is absent for a gate on a defense the spec lacks (the message ends "does not use.")', () => {
    expect(message('gates: [{metric: defense.gmm.tpr, max: 1}]\n')).not.toContain(HINT);
  });

  it('is absent for a gate `where` that quotes a plugin-option sweep key', () => {
    expect(message('gates: [{metric: clean.mse, max: 1, where: {model.with.features: 9}}]\nsweep: {model.with.features: [3, 4]}\n')).not.toContain(HINT);
  });

  it('is absent for a swept data count even when the run also sweeps a plugin option', () => {
    expect(message('sweep: {data.train: [-1], model.with.features: [3]}\n')).not.toContain(HINT);
  });

  it('is present for a plugin-option sweep key in its short form as in its long form', () => {
    expect(message('sweep: {model.features: 3}\n')).toContain(HINT);
    expect(message('sweep: {model.with.features: 3}\n')).toContain(HINT);
    expect(message('sweep: {model: [1]}\n')).toContain(HINT);
  });

  it('is present for an unknown plugin in a list and for a bad option type', () => {
    expect(message('reporters: [{use: nope}]\n')).toContain(HINT);
    expect(message('defenses: [{use: gmm, with: {kMin: -1}}]\n')).toContain(HINT);
  });
});
