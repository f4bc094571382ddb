/**
 * Gradients for the ascent on E(x) = 1/2 (Y(x) - Z(x))^2: dE/dx = (Y - Z)(dY/dx - dZ/dx). The model's
 * gradient comes from its inputGradient (backpropagation) or central finite differences of predict; the
 * oracle's from the labeler's analytic gradient or finite differences through labeler.label, one-sided
 * where a central point would leave the feasible domain (an oracle may refuse infeasible rows).
 */
import type { Domain } from '../core/domain.ts';

/** Values of a batched function of `n` rows. */
export type BatchFn = (x: Float64Array, n: number) => Promise<Float64Array>;

/** Central finite-difference gradient of `f` at `n` rows (d columns), step `h`, as one batched call. */
export async function centralDifferenceGradient(f: BatchFn, x: Float64Array, n: number, d: number, h: number): Promise<Float64Array> {
  const probes = new Float64Array(2 * n * d * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const base = (2 * (i * d + j)) * d;
      probes.set(x.subarray(i * d, i * d + d), base);
      probes.set(x.subarray(i * d, i * d + d), base + d);
      probes[base + j]! += h;
      probes[base + d + j]! -= h;
    }
  }
  const values = await f(probes, 2 * n * d);
  const g = new Float64Array(n * d);
  for (let k = 0; k < n * d; k++) g[k] = (values[2 * k]! - values[2 * k + 1]!) / (2 * h);
  return g;
}

/**
 * Finite-difference gradient of an oracle at `n` feasible rows whose values are `z`, probing only feasible
 * rows: central where x ± h e_j are both feasible, one-sided where only one is, 0 where neither is. All
 * probes go to `label` in one call; its row count is what the gradient costs.
 */
export async function feasibleDifferenceGradient(
  label: BatchFn,
  domain: Domain,
  x: Float64Array,
  z: Float64Array,
  n: number,
  h: number,
): Promise<Float64Array> {
  const d = domain.nFeatures;
  // For each (row, feature): index of the + and - probe in the probe list, or -1 when infeasible.
  const plus = new Int32Array(n * d).fill(-1);
  const minus = new Int32Array(n * d).fill(-1);
  const probes: number[] = [];
  const row = new Float64Array(d);
  let count = 0;
  const tryProbe = (i: number, j: number, delta: number): number => {
    row.set(x.subarray(i * d, i * d + d));
    row[j]! += delta;
    if (!domain.isFeasibleNormalized(row)) return -1;
    for (let k = 0; k < d; k++) probes.push(row[k]!);
    return count++;
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      plus[i * d + j] = tryProbe(i, j, h);
      minus[i * d + j] = tryProbe(i, j, -h);
    }
  }
  const values = await label(Float64Array.from(probes), count);
  const g = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = plus[i * d + j]!, m = minus[i * d + j]!;
      if (p >= 0 && m >= 0) g[i * d + j] = (values[p]! - values[m]!) / (2 * h);
      else if (p >= 0) g[i * d + j] = (values[p]! - z[i]!) / h;
      else if (m >= 0) g[i * d + j] = (z[i]! - values[m]!) / h;
    }
  }
  return g;
}
