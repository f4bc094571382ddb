import { describe, expect, it } from 'vitest';
import proximity from '../../../plugins/defense/proximity/index.ts';
import type { ProximityOptions } from '../../../plugins/defense/proximity/options.ts';
import type { ModelPlugin } from '../../../src/core/model.ts';
import { detectContext } from '../../detect/helpers.ts';
import { poisonedSetting } from './fixture.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

describe('mitigation by alpha-weighted retraining', () => {
  const setting = poisonedSetting({ d: 2, nUniform: 3000, nCluster: 300, center: [0.5, 0.5] });
  const options = optionsWithDefaults<ProximityOptions>(proximity.optionsSchema, { mitigate: true });

  it('retrains both variants over the alpha grid, picks alpha by validation MSE, and removing Q cuts the attack error', async () => {
    const ctx = detectContext();
    const detection = await proximity.detect(setting.input, options, ctx);
    expect(detection.suspects.length).toBeGreaterThan(250);
    const mitigation = await proximity.mitigate!(setting.input, detection, options, ctx);
    expect(mitigation.points.map((p) => `${p.variant}@${p.alpha}`)).toEqual(
      ['S0+M0', 'S0+M0-Q'].flatMap((v) => [0.9, 0.95, 0.99, 1].map((a) => `${v}@${a}`)),
    );
    const removed = mitigation.points.filter((p) => p.variant === 'S0+M0-Q');
    const best = Math.min(...removed.map((p) => p.metrics['validation.mse']!));
    expect(mitigation.chosen['validation.mse']).toBe(best);
    expect(removed.find((p) => p.alpha === mitigation.chosen.alpha)!.metrics['validation.mse']).toBe(best);
    expect(mitigation.chosen.removed).toBe(detection.suspects.length);
    const at = (variant: string, alpha: number) => mitigation.points.find((p) => p.variant === variant && p.alpha === alpha)!.metrics;
    expect(at('S0+M0-Q', 1)['attack.mse']!).toBeLessThan(0.25 * at('S0+M0', 1)['attack.mse']!);
    expect(at('S0+M0', 1)['clean.mse']).toBeGreaterThan(0);
  });

  it('refuses to retrain a model that cannot train', async () => {
    const imported = { ...setting.input.modelPlugin, canTrain: false, name: 'frozen' } as ModelPlugin<unknown>;
    const ctx = detectContext();
    const detection = await proximity.detect(setting.input, options, ctx);
    await expect(proximity.mitigate!({ ...setting.input, modelPlugin: imported }, detection, options, ctx)).rejects.toThrow(/`frozen` is imported and cannot be trained/);
  });
});
