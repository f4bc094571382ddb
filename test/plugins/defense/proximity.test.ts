import { describe, expect, it } from 'vitest';
import proximity from '../../../plugins/defense/proximity/index.ts';
import type { ProximityOptions } from '../../../plugins/defense/proximity/options.ts';
import { defenses } from '../../../plugins/index.ts';
import { isRegauditError } from '../../../src/core/errors.ts';
import { detectContext } from '../../detect/helpers.ts';
import { poisonedSetting } from './fixture.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

const CENTER = [0.5, 0.5, 0.5, 0.5, 0.5];

describe('proximity defense', () => {
  const setting = poisonedSetting({ d: 5, nUniform: 20000, nCluster: 400, center: CENTER });
  const options = optionsWithDefaults<ProximityOptions>(proximity.optionsSchema);

  it('is registered, with every option defaulted as its TypeScript type says', () => {
    expect(defenses.proximity).toBe(proximity);
    const expected: ProximityOptions = {
      radius: 0.1, space: 'input', layer: '', discountSeed: true, ballSamples: 512, rule: 'null', alpha: 0.01, errorAlpha: 1, correction: 'bonferroni',
      errorPercentile: 98.5, concentrationPercentile: 99.9, referencePoints: 2000, mitigate: false, alphas: [0.9, 0.95, 0.99, 1.0],
    };
    expect(options).toEqual(expected);
  });

  it('flags exactly the maximizers in the planted cluster and names its rows as suspects', async () => {
    const detection = await proximity.detect(setting.input, options, detectContext());
    expect(Array.from(detection.flagged)).toEqual(setting.clusterMaximizers);
    const [from, to] = setting.clusterRows;
    const inCluster = detection.suspects.filter((r) => r >= from && r < to).length;
    const outside = detection.suspects.length - inCluster;
    expect(inCluster / (to - from)).toBeGreaterThan(0.95);
    expect(outside / from).toBeLessThan(1e-3);
    expect(Array.from(detection.suspects)).toEqual(Array.from(detection.suspects).sort((a, b) => a - b));
    expect(detection.scores!.concentration[300]!).toBeGreaterThan(300);
    expect(detection.scores!.pValue!.length).toBe(303);
    expect(detection.metrics.typicalCount).toBeGreaterThan(0.9);
    expect(detection.metrics.typicalCount).toBeLessThan(1.3);
  });

  it('gives the same result for the same seed', async () => {
    const a = await proximity.detect(setting.input, options, detectContext(4));
    const b = await proximity.detect(setting.input, options, detectContext(4));
    expect(a).toEqual(b);
  });

  it("with the paper's percentile rule flags only maximizers at both percentiles", async () => {
    const detection = await proximity.detect(setting.input, { ...options, rule: 'percentile', errorPercentile: 99 }, detectContext());
    expect(detection.flagged.length).toBeGreaterThan(0);
    for (const i of detection.flagged) expect(setting.clusterMaximizers).toContain(i);
  });

  it('counts in an activation space when asked (an affine layer gives the input-space answer)', async () => {
    const detection = await proximity.detect(setting.input, { ...options, space: 'activations' }, detectContext());
    expect(Array.from(detection.flagged)).toEqual(setting.clusterMaximizers);
    expect(detection.metrics.dimensions).toBe(5);
    const noActivations = { ...setting.input, model: { ...setting.input.model, activations: undefined } };
    await expect(proximity.detect(noActivations, { ...options, space: 'activations' }, detectContext())).rejects.toSatisfy(isRegauditError);
    await expect(proximity.detect(setting.input, { ...options, space: 'activations', layer: 'nope' }, detectContext())).rejects.toThrow(/no layer `nope`/);
  });

  it('flags nothing when nothing is concentrated', async () => {
    const clean = poisonedSetting({ d: 5, nUniform: 20000, nCluster: 0, center: CENTER, seed: 2 });
    const detection = await proximity.detect(clean.input, options, detectContext());
    expect(detection.flagged.length).toBe(0);
    expect(detection.suspects.length).toBe(0);
  });

  it('explains a missing training set or search', async () => {
    await expect(proximity.detect({ ...setting.input, train: undefined }, options, detectContext())).rejects.toThrow(/needs the training inputs/);
    await expect(proximity.detect({ ...setting.input, maximizers: undefined }, options, detectContext())).rejects.toThrow(/`search` section/);
  });
});
