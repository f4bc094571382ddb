/**
 * What makes a maximizer-based detector (proximity, gmm) a defense plugin, written once: the shared
 * detector options merged into its own schema, its needs, and mitigation by alpha-weighted retraining.
 */
import { defineDefense, type DefensePlugin } from '../core/defense.ts';
import type { JsonSchema } from '../core/plugin.ts';
import { mitigateByRetraining } from './mitigate.ts';
import { detectorOptionsSchema, type SharedDetectorOptions } from './options.ts';

/** The parts of a detector defense that differ from one detector to the next. */
export interface DetectorDefinition<Options extends SharedDetectorOptions> {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** The detector's own options schema (options.schema.json); the shared options are added to it. */
  readonly ownSchema: JsonSchema;
  readonly detect: DefensePlugin<Options>['detect'];
  /** Checks before any work (DefensePlugin.checkOptions). */
  readonly checkOptions?: DefensePlugin<Options>['checkOptions'];
}

/**
 * A defense plugin from a detector: it needs the maximizers and the training inputs, and (with
 * `mitigate: true`) a trainable model, which the spec layer then checks up front.
 */
export function defineDetectorDefense<Options extends SharedDetectorOptions>(def: DetectorDefinition<Options>): DefensePlugin<Options> {
  return defineDefense<Options>({
    kind: 'defense',
    name: def.name,
    version: def.version,
    description: def.description,
    optionsSchema: detectorOptionsSchema(def.ownSchema),
    needs: { maximizers: true, trainingInputs: true, training: true },
    detect: def.detect,
    ...(def.checkOptions && { checkOptions: def.checkOptions }),
    mitigate(input, detection, options, ctx) {
      return mitigateByRetraining(def.name, input, detection, options, ctx);
    },
  });
}
