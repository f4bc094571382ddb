/**
 * The steps the maximizer-based defenses (proximity, gmm) share: checking their inputs, the error null,
 * flagging and assembling the Detection.
 */
import type { Dataset } from '../core/dataset.ts';
import type { DefenseInput, Detection, Maximizers } from '../core/defense.ts';
import { defenseInput } from '../core/errors.ts';
import { flagMaximizers, type FlagOptions } from './flag.ts';
import { errorPValues } from './null.ts';

/** The training set and maximizers, or a clear error naming the defense when either is missing. */
export function requireTrainAndMaximizers(defense: string, input: DefenseInput): { train: Dataset; maximizers: Maximizers } {
  const origin = { plugin: defense, stage: 'defense' };
  if (!input.train) {
    throw defenseInput(origin, `defense \`${defense}\` needs the training inputs (their locations, not their labels).`, 'Give the audit a training set, or use the `active-learning` defense, which needs none.');
  }
  if (!input.maximizers) throw defenseInput(origin, `defense \`${defense}\` needs the local error maximizers.`, 'Add a `search` section to the audit spec.');
  return { train: input.train, maximizers: input.maximizers };
}

/** What a concentration measure produced for each maximizer. */
export interface ConcentrationResult {
  /** Count or density per maximizer (charts, the percentile rule). */
  readonly concentration: Float64Array;
  /** Upper-tail p-value of the concentration under its null. */
  readonly pValue: Float64Array;
}

/** Flags maximizers and assembles the Detection; `suspectsOf` turns flagged maximizer indices into Q. */
export function assembleDetection(
  maximizers: Maximizers,
  result: ConcentrationResult,
  options: FlagOptions,
  suspectsOf: (flagged: Uint32Array) => Uint32Array,
  metrics: Record<string, number>,
): Detection {
  const error = errorPValues(maximizers.absError);
  const flagged = flagMaximizers({ absError: maximizers.absError, concentration: result.concentration, concentrationP: result.pValue, errorP: error.p }, options);
  const suspects = flagged.length ? suspectsOf(flagged) : new Uint32Array(0);
  return {
    flagged,
    suspects,
    metrics: { ...metrics, 'errorNull.logMedian': error.location, 'errorNull.logScale': error.scale },
    scores: { concentration: result.concentration, pValue: result.pValue, errorPValue: error.p },
  };
}
