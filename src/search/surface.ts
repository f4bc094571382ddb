/**
 * The error surface E(x) = 1/2 (Y(x) - Z(x))^2 the search climbs: batched model and oracle values and
 * gradients, with every oracle row counted (label rows, finite-difference probes, analytic-gradient rows).
 */
import type { Domain } from '../core/domain.ts';
import type { Labeler } from '../core/labeler.ts';
import type { Model } from '../core/model.ts';
import { mapBatches } from './batch.ts';
import { centralDifferenceGradient, feasibleDifferenceGradient } from './gradients.ts';

/** Model, oracle and batching for one search. */
export class ErrorSurface {
  private calls = 0;
  readonly nFeatures: number;

  constructor(
    private readonly model: Model,
    private readonly labeler: Labeler,
    readonly domain: Domain,
    private readonly fdStep: number,
    private readonly batchSize: number,
  ) {
    this.nFeatures = domain.nFeatures;
  }

  /** Oracle rows spent through this surface so far. */
  get oracleCalls(): number {
    return this.calls;
  }

  /** Model predictions Y at `n` rows. */
  predict(x: Float64Array, n: number): Promise<Float64Array> {
    return mapBatches(x, n, this.nFeatures, this.batchSize, 1, (xb, nb) => this.model.predict(xb, nb));
  }

  /** Oracle values Z at `n` feasible rows (counted). */
  label(x: Float64Array, n: number): Promise<Float64Array> {
    return mapBatches(x, n, this.nFeatures, this.batchSize, 1, (xb, nb) => {
      this.calls += nb;
      return this.labeler.label(xb, nb);
    });
  }

  /** dY/dx at `n` rows: the model's inputGradient, else central finite differences of predict. */
  modelGradient(x: Float64Array, n: number): Promise<Float64Array> {
    const d = this.nFeatures;
    const { model } = this;
    if (model.inputGradient) return mapBatches(x, n, d, this.batchSize, d, (xb, nb) => model.inputGradient!(xb, nb));
    return mapBatches(x, n, d, this.probeBatch(), d, (xb, nb) => centralDifferenceGradient((p, np) => this.predict(p, np), xb, nb, d, this.fdStep));
  }

  /** dZ/dx at `n` feasible rows with values `z`: the labeler's analytic gradient, else feasible finite differences. */
  async oracleGradient(x: Float64Array, z: Float64Array, n: number): Promise<Float64Array> {
    const d = this.nFeatures;
    const { labeler } = this;
    if (labeler.gradient) {
      return mapBatches(x, n, d, this.batchSize, d, (xb, nb) => {
        this.calls += nb;
        return labeler.gradient!(xb, nb);
      });
    }
    const out = new Float64Array(n * d);
    const rows = this.probeBatch();
    for (let start = 0; start < n; start += rows) {
      const nb = Math.min(rows, n - start);
      const g = await feasibleDifferenceGradient(
        (p, np) => this.label(p, np),
        this.domain,
        x.subarray(start * d, (start + nb) * d),
        z.subarray(start, start + nb),
        nb,
        this.fdStep,
      );
      out.set(g, start * d);
    }
    return out;
  }

  /** dE/dx = (Y - Z)(dY/dx - dZ/dx) at `n` feasible rows with values `y`, `z`. */
  async errorGradient(x: Float64Array, y: Float64Array, z: Float64Array, n: number): Promise<Float64Array> {
    const d = this.nFeatures;
    const gy = await this.modelGradient(x, n);
    const gz = await this.oracleGradient(x, z, n);
    const g = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const r = y[i]! - z[i]!;
      for (let j = 0; j < d; j++) g[i * d + j] = r * (gy[i * d + j]! - gz[i * d + j]!);
    }
    return g;
  }

  /** Rows per finite-difference call, so that the 2d probes per row fit in one batch. */
  private probeBatch(): number {
    return Math.max(1, Math.floor(this.batchSize / (2 * this.nFeatures)));
  }
}

/** E = 1/2 (y - z)^2. */
export function squaredError(y: number, z: number): number {
  return 0.5 * (y - z) * (y - z);
}
