/**
 * Seeds of the ascent (paper section 4.1): the training samples the model fits worst against their own
 * training labels (no oracle calls; the labels may be poisoned, which is the point), or random points of
 * the domain for a defender without the training set.
 */
import { gatherRows, row, type Dataset } from '../core/dataset.ts';
import type { Domain } from '../core/domain.ts';
import type { Rng } from '../core/rng.ts';
import type { ErrorSurface } from './surface.ts';

/** Seed locations, row-major. */
export interface Seeds {
  readonly n: number;
  readonly x: Float64Array;
}

/**
 * The ceil(fraction * train.n) feasible training rows with the largest |Y - y_train| (ties by row index),
 * worst first. Infeasible rows (which the oracle could not price) are never seeds.
 */
export async function trainSeeds(surface: ErrorSurface, train: Dataset, fraction: number): Promise<Seeds> {
  const d = train.nFeatures;
  const y = await surface.predict(train.x, train.n);
  const feasible: number[] = [];
  for (let i = 0; i < train.n; i++) if (surface.domain.isFeasibleNormalized(row(train.x, d, i))) feasible.push(i);
  const err = (i: number): number => Math.abs(y[i]! - train.y[i]!);
  feasible.sort((a, b) => err(b) - err(a) || a - b);
  const chosen = feasible.slice(0, Math.min(feasible.length, Math.ceil(fraction * train.n)));
  return { n: chosen.length, x: gatherRows(train.x, d, chosen) };
}

/** `n` feasible points drawn uniformly from the domain. */
export function randomSeeds(domain: Domain, n: number, rng: Rng): Seeds {
  return { n, x: domain.sample(n, rng) };
}
