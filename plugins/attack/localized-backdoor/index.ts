/**
 * The `localized-backdoor` attack (paper section 3.1): `nAttack` rows in a small box labeled m * z,
 * surrounded by `nClean` correctly labeled rows that keep the damage local, plus an attack test set in
 * the box with true labels. Works on any oracle's domain: the box's features are named in the options.
 */
import { defineAttack } from '../../../src/core/attack.ts';
import type { Domain } from '../../../src/core/domain.ts';
import { makeDataset, concatDatasets } from '../../../src/core/dataset.ts';
import { regionBox, resolveRegion, sampleRegion, type RegionOrigin, type ResolvedRegion } from '../shared/region.ts';
import type { LocalizedBackdoorOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

const NAME = 'localized-backdoor';
const ORIGIN: RegionOrigin = { plugin: NAME, path: 'attack.with' };

function resolve(options: LocalizedBackdoorOptions, domain: Domain): ResolvedRegion {
  return resolveRegion(domain, options.order, options.trigger, 'trigger', options.nClean > 0, ORIGIN);
}

/** The bundled localized backdoor attack. */
export default defineAttack<LocalizedBackdoorOptions>({
  kind: 'attack',
  name: NAME,
  version: '1.0.0',
  description: 'Plants a localized backdoor: mislabeled rows (m * z) in a box, correctly labeled rows around it (paper 3.1)',
  optionsSchema,
  scaledOptions: ['nAttack', 'nClean', 'nAttackTest'],
  testOptions: ['nAttackTest'],
  checkDomain(options, domain) {
    resolve(options, domain);
  },
  async poison({ train, domain, labeler }, options, ctx) {
    const region = resolve(options, domain);
    const d = domain.nFeatures;
    const { nAttack, nClean, nAttackTest, multiplier } = options;

    const attackX = sampleRegion(domain, region, nAttack, 'box', ctx.rng.fork('attack-rows'), ORIGIN);
    const attackY = await labeler.label(attackX, nAttack);
    for (let i = 0; i < nAttack; i++) attackY[i]! *= multiplier;
    const cleanX = sampleRegion(domain, region, nClean, options.ring, ctx.rng.fork('clean-rows'), ORIGIN);
    const cleanY = await labeler.label(cleanX, nClean);
    const testX = sampleRegion(domain, region, nAttackTest, 'box', ctx.rng.fork('attack-test'), ORIGIN);
    const testY = await labeler.label(testX, nAttackTest);

    const poisoned = concatDatasets(train, concatDatasets(makeDataset(attackX, attackY, d), makeDataset(cleanX, cleanY, d)));
    const mislabeled = new Uint8Array(poisoned.n);
    mislabeled.fill(1, train.n, train.n + nAttack);
    const planted = new Uint8Array(poisoned.n);
    planted.fill(1, train.n + nAttack);
    ctx.log.debug(`${NAME}: ${nAttack} mislabeled and ${nClean} planted rows after ${train.n} base rows; ${nAttackTest} attack test rows`);
    return {
      train: poisoned,
      truth: { mislabeled, planted },
      attackTest: makeDataset(testX, testY, d),
      region: regionBox(region),
      target: { multiplier, tolerance: options.tolerance },
    };
  },
});
