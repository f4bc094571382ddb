/**
 * The `degradation` attack (paper section 3.2): no trigger and no false label, only many correctly
 * labeled rows concentrated in one region, so that an MSE-trained network spends its capacity there and
 * loses accuracy elsewhere (watch `clean.mseDrift`). Its rows are all `planted`, none `mislabeled`:
 * it doubles as a negative control for detectors, which should not flag a concentration without error.
 */
import { defineAttack } from '../../../src/core/attack.ts';
import type { Domain } from '../../../src/core/domain.ts';
import { makeDataset, concatDatasets } from '../../../src/core/dataset.ts';
import { regionBox, resolveRegion, sampleRegion, type RegionOrigin, type ResolvedRegion } from '../shared/region.ts';
import type { DegradationOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

const NAME = 'degradation';
const ORIGIN: RegionOrigin = { plugin: NAME, path: 'attack.with' };

function resolve(options: DegradationOptions, domain: Domain): ResolvedRegion {
  return resolveRegion(domain, options.order, options.region, 'region', false, ORIGIN);
}

/** The bundled accuracy-degradation attack. */
export default defineAttack<DegradationOptions>({
  kind: 'attack',
  name: NAME,
  version: '1.0.0',
  description: 'Degrades accuracy: many correctly labeled rows concentrated in one region (paper 3.2)',
  optionsSchema,
  scaledOptions: ['nSamples'],
  hasTarget: false,
  checkDomain(options, domain) {
    resolve(options, domain);
  },
  async poison({ train, domain, labeler }, options, ctx) {
    const region = resolve(options, domain);
    const d = domain.nFeatures;
    const n = options.nSamples;
    const x = sampleRegion(domain, region, n, 'box', ctx.rng.fork('concentrated-rows'), ORIGIN);
    const y = await labeler.label(x, n);
    const poisoned = concatDatasets(train, makeDataset(x, y, d));
    const planted = new Uint8Array(poisoned.n);
    planted.fill(1, train.n);
    return {
      train: poisoned,
      truth: { mislabeled: new Uint8Array(poisoned.n), planted },
      attackTest: makeDataset(new Float64Array(0), new Float64Array(0), d),
      region: regionBox(region),
    };
  },
});
