/**
 * Flagging maximizers from their two attributes (paper section 4.1): error and concentration.
 *
 * `null` rule (default): a maximizer is flagged when its concentration p-value, adjusted for the number
 * of maximizers tested (`correction`), is below `alpha`, and its error p-value is below `errorAlpha`.
 * With errorAlpha < 1 this is an intersection-union test of "the error is typical or the concentration
 * is typical"; the default 1 leaves the evidence to the concentration (see the proximity README).
 * `percentile` rule (the paper's): error at or above its `errorPercentile`-th percentile and
 * concentration at or above its `concentrationPercentile`-th percentile among the maximizers.
 */
import { quantile } from '../stats/quantile.ts';
import { adjustPValues, type Correction } from './stats.ts';

/** Flagging settings shared by the proximity and gmm defenses. */
export interface FlagOptions {
  readonly rule: 'null' | 'percentile';
  readonly alpha: number;
  readonly errorAlpha: number;
  readonly correction: Correction;
  readonly errorPercentile: number;
  readonly concentrationPercentile: number;
}

/** Per-maximizer attributes and their null p-values. */
export interface FlagInput {
  readonly absError: Float64Array;
  readonly concentration: Float64Array;
  readonly concentrationP: Float64Array;
  readonly errorP: Float64Array;
}

/** Indices of flagged maximizers, ascending. */
export function flagMaximizers(input: FlagInput, options: FlagOptions): Uint32Array {
  const m = input.absError.length;
  const flagged: number[] = [];
  if (options.rule === 'percentile') {
    const eCut = quantile(input.absError, options.errorPercentile / 100);
    const cCut = quantile(input.concentration, options.concentrationPercentile / 100);
    for (let i = 0; i < m; i++) if (input.absError[i]! >= eCut && input.concentration[i]! >= cCut) flagged.push(i);
  } else {
    const adjusted = adjustPValues(input.concentrationP, options.correction);
    for (let i = 0; i < m; i++) if (adjusted[i]! < options.alpha && input.errorP[i]! < options.errorAlpha) flagged.push(i);
  }
  return Uint32Array.from(flagged);
}
