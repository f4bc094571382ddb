/**
 * Repeated trainings of a run: the model seed of each fit, derived from the spec seed, the repeat index
 * and (in the unpaired design) the fit's role. Repeat 0 of a paired run uses the seed a run without
 * repeats always used, so `repeats: 1` reproduces earlier reports and cache entries bit for bit.
 */
import { Rng } from '../core/rng.ts';
import type { RunPlan } from '../spec/validate.ts';

/** Which model of a repeat a fit trains: the audited (poisoned) one or its unpoisoned baseline. */
export type FitRole = 'audited' | 'baseline';

/**
 * The model seed of repeat `repeat`'s `role` fit. Paired design: baseline and audited share it (common
 * random numbers: same initialization, same order of the clean rows). Unpaired: the baseline's seed is
 * drawn from its own stream, independent of the audited model's.
 */
export function modelSeedOf(plan: Pick<RunPlan, 'seed' | 'design'>, repeat: number, role: FitRole): number {
  const own = role === 'baseline' && plan.design === 'unpaired' ? ['baseline'] : [];
  const rep = repeat > 0 ? ['repeat', repeat] : [];
  return new Rng(plan.seed, 'model', ...own, ...rep).seed31();
}

/** The progress/run label of one repeat (`run-3`, or `run-3.r1` when the run has repeats). */
export function repeatLabel(plan: Pick<RunPlan, 'id' | 'repeats'>, repeat: number): string {
  return plan.repeats > 1 ? `${plan.id}.r${repeat}` : plan.id;
}
