import { describe, expect, it } from 'vitest';
import gmm from '../../../plugins/defense/gmm/index.ts';
import type { GmmDefenseOptions } from '../../../plugins/defense/gmm/options.ts';
import { defenses } from '../../../plugins/index.ts';
import { detectContext } from '../../detect/helpers.ts';
import { poisonedSetting } from './fixture.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

describe('gmm defense', () => {
  // a denser cluster in 3-D so a small mixture resolves it
  const setting = poisonedSetting({ d: 3, nUniform: 3000, nCluster: 300, center: [0.3, 0.6, 0.5] });
  const options = optionsWithDefaults<GmmDefenseOptions>(gmm.optionsSchema);

  it('is registered, with every option defaulted as its TypeScript type says', () => {
    expect(defenses.gmm).toBe(gmm);
    const expected: GmmDefenseOptions = {
      kMin: 1, kMax: 8, maxIter: 300, tol: 0.0001, regCovar: 1e-6, nInit: 1, maxSamples: 20000, suspects: 'radius', radius: 0.1, rule: 'null', alpha: 0.01,
      errorAlpha: 1, correction: 'bonferroni', errorPercentile: 98.5, concentrationPercentile: 99.9, referencePoints: 2000, mitigate: false, alphas: [0.9, 0.95, 0.99, 1.0],
    };
    expect(optionsWithDefaults(gmm.optionsSchema)).toEqual(expected);
  });

  it('flags the maximizers where the fitted density is abnormally high', async () => {
    const detection = await gmm.detect(setting.input, options, detectContext());
    expect(Array.from(detection.flagged)).toEqual(setting.clusterMaximizers);
    const [from, to] = setting.clusterRows;
    const inCluster = detection.suspects.filter((r) => r >= from && r < to).length;
    expect(inCluster / (to - from)).toBeGreaterThan(0.95);
    expect((detection.suspects.length - inCluster) / from).toBeLessThan(0.01);
    expect(detection.metrics.components).toBeGreaterThan(1);
    expect(detection.scores!.concentration[300]!).toBeGreaterThan(10 * Math.exp(detection.metrics['densityNull.logMedian']!));
  });

  it('with suspects: component takes the rows of the component behind the flagged maximizers', async () => {
    const detection = await gmm.detect(setting.input, { ...options, suspects: 'component' }, detectContext());
    const [from, to] = setting.clusterRows;
    const inCluster = detection.suspects.filter((r) => r >= from && r < to).length;
    expect(inCluster / (to - from)).toBeGreaterThan(0.9);
    expect((detection.suspects.length - inCluster) / from).toBeLessThan(0.02);
  });

  it('fits on a seeded subsample when the training set is larger than maxSamples, reproducibly', async () => {
    const a = await gmm.detect(setting.input, { ...options, maxSamples: 1000, kMax: 3 }, detectContext(5));
    const b = await gmm.detect(setting.input, { ...options, maxSamples: 1000, kMax: 3 }, detectContext(5));
    expect(a.metrics.fitSamples).toBe(1000);
    expect(a).toEqual(b);
    await expect(gmm.detect(setting.input, { ...options, kMin: 5, kMax: 2 }, detectContext())).rejects.toThrow(/kMin \(5\) exceeds kMax \(2\)/);
  });

  it('refuses more components than training rows to fit as bad input (exit 2), naming kMin', async () => {
    const tiny = { ...setting.input, train: { ...setting.input.train!, n: 3, x: setting.input.train!.x.slice(0, 3 * setting.input.train!.nFeatures), y: setting.input.train!.y!.slice(0, 3) } };
    const error = await gmm.detect(tiny, { ...options, kMin: 4, kMax: 8 }, detectContext()).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect(String((error as Error).message)).toMatch(/kMin \(4\).*3 training rows/);
  });
});
