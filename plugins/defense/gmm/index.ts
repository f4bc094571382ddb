/**
 * The `gmm` defense (paper section 4.2): a Gaussian mixture G fitted to the training inputs replaces the
 * proximity count; a maximizer's concentration is G(x). Its null: ln G at points spread over the domain
 * (what the density is where nothing is concentrated), fitted robustly (median, MAD) as a normal.
 * See README.md.
 */
import { selectRows } from '../../../src/core/dataset.ts';
import { defenseInput } from '../../../src/core/errors.ts';
import { assembleDetection, requireTrainAndMaximizers } from '../../../src/detect/detection.ts';
import { gmmLogDensity, gmmResponsibleComponent, selectGmm, type Gmm } from '../../../src/detect/gmm.ts';
import { GridIndex } from '../../../src/detect/grid-index.ts';
import { robustNormalUpper } from '../../../src/detect/null.ts';
import { defineDetectorDefense } from '../../../src/detect/define.ts';
import type { GmmDefenseOptions } from './options.ts';
import ownSchema from './options.schema.json' with { type: 'json' };

const NAME = 'gmm';

/** kMin <= kMax, or exit 2 naming kMin. */
function checkComponentRange(options: Pick<GmmDefenseOptions, 'kMin' | 'kMax'>): void {
  if (options.kMin > options.kMax) {
    throw defenseInput({ plugin: NAME, path: 'defenses.gmm.with.kMin' }, `kMin (${options.kMin}) exceeds kMax (${options.kMax}).`, 'Set kMin <= kMax.');
  }
}

/** Training rows whose most responsible component is most responsible for some flagged maximizer. */
function componentSuspects(model: Gmm, train: Float64Array, maximizers: Float64Array, flagged: Uint32Array): Uint32Array {
  const d = model.d;
  const ofMax = gmmResponsibleComponent(model, maximizers);
  const wanted = new Set<number>();
  for (const i of flagged) wanted.add(ofMax[i]!);
  const ofTrain = gmmResponsibleComponent(model, train);
  const rows: number[] = [];
  for (let i = 0; i < train.length / d; i++) if (wanted.has(ofTrain[i]!)) rows.push(i);
  return Uint32Array.from(rows);
}

/** The bundled Gaussian-mixture density defense. */
export default defineDetectorDefense<GmmDefenseOptions>({
  name: NAME,
  version: '1.0.0',
  description: 'Flags error maximizers where a Gaussian mixture of the training inputs is abnormally dense (paper 4.2)',
  ownSchema,
  checkOptions: checkComponentRange,
  async detect(input, options, ctx) {
    const { train, maximizers } = requireTrainAndMaximizers(NAME, input);
    checkComponentRange(options);
    const d = train.nFeatures;
    const fitRows = train.n > options.maxSamples ? ctx.rng.fork('subsample').subset(train.n, options.maxSamples) : undefined;
    const fitX = fitRows ? selectRows(train, fitRows).x : train.x;
    if (options.kMin > fitX.length / d) {
      throw defenseInput({ plugin: NAME, path: 'defenses.gmm.with.kMin' }, `kMin (${options.kMin}) exceeds the ${fitX.length / d} training rows to fit: a mixture needs at least one row per component.`, 'Lower kMin, or give the audit more training rows.');
    }
    const { model } = await selectGmm(fitX, d, options, options, ctx.rng.fork('fit'), ctx.signal);
    const logG = gmmLogDensity(model, maximizers.x);
    const reference = input.domain.sample(options.referencePoints, ctx.rng.fork('reference'));
    const nullFit = robustNormalUpper(logG, gmmLogDensity(model, reference));
    const suspectsOf = (flagged: Uint32Array): Uint32Array =>
      options.suspects === 'component'
        ? componentSuspects(model, train.x, maximizers.x, flagged)
        : new GridIndex(train.x, d, options.radius).neighborUnion(maximizers.x, flagged);
    return assembleDetection(
      maximizers,
      { concentration: logG.map(Math.exp), pValue: nullFit.p },
      options,
      suspectsOf,
      { components: model.k, logLikelihood: model.logLikelihood, fitSamples: fitX.length / d, 'densityNull.logMedian': nullFit.location, 'densityNull.logScale': nullFit.scale },
    );
  },
});
