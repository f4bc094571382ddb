/**
 * The `proximity` defense (paper section 4.1): for each local error maximizer, the number of training
 * samples within a radius, counted exactly with a grid index; flags maximizers whose count is far above
 * what the typical density predicts and whose error is high; Q is every training row within the radius
 * of a flagged maximizer. Labels are not needed. See README.md for the null and its assumptions.
 */
import { GridIndex } from '../../../src/detect/grid-index.ts';
import { assembleDetection, requireTrainAndMaximizers } from '../../../src/detect/detection.ts';
import { countPValues } from '../../../src/detect/null.ts';
import { defineDetectorDefense } from '../../../src/detect/define.ts';
import type { ProximityOptions } from './options.ts';
import ownSchema from './options.schema.json' with { type: 'json' };
import { activationsUnavailable, proximitySpace } from './space.ts';

const NAME = 'proximity';

/** The bundled proximity-count defense. */
export default defineDetectorDefense<ProximityOptions>({
  name: NAME,
  version: '1.0.0',
  description: 'Flags error maximizers with abnormally many training samples within a radius (paper 4.1)',
  ownSchema,
  checkOptions(options, model) {
    if (options.space === 'activations' && !model.hasActivations) throw activationsUnavailable();
  },
  async detect(input, options, ctx) {
    const { train, maximizers } = requireTrainAndMaximizers(NAME, input);
    const nReference = options.referencePoints;
    const reference = input.domain.sample(nReference, ctx.rng.fork('reference'));
    const space = await proximitySpace(
      input,
      { train: train.x, nTrain: train.n, maximizers: maximizers.x, nMaximizers: maximizers.n, reference, nReference },
      options.space,
      options.layer,
    );
    const index = new GridIndex(space.points, space.d, options.radius);
    const counts = countPValues({ index, queries: space.queries, reference: space.reference, inside: space.inside, rng: ctx.rng, ballSamples: options.ballSamples, discount: options.discountSeed ? 1 : 0 });
    let maxCount = 0;
    for (const c of counts.counts) maxCount = Math.max(maxCount, c);
    return assembleDetection(
      maximizers,
      { concentration: Float64Array.from(counts.counts), pValue: counts.p },
      options,
      (flagged) => index.neighborUnion(space.queries, flagged),
      { typicalCount: counts.typical, maxCount, dimensions: space.d },
    );
  },
});
