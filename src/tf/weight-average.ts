/**
 * Polyak averaging of the weights over optimizer steps: an exponential moving average with decay d,
 * bias-corrected as Adam's moments are. After steps 1..t it holds
 *   sum_s (1 - d) d^(t - s) p_s / (1 - d^t),
 * a weighted mean of the iterates p_s in which the initial weights take no part, defined after any
 * number of steps (so also when training stops early). It keeps float64 sums on the main thread, one
 * fixed sequence of operations per step, so averaged weights are as reproducible as the optimizer's.
 */
export class WeightAverage {
  private readonly sum: Float64Array;
  private steps = 0;

  /** An empty average of `size` parameters with `decay` in (0, 1). */
  constructor(size: number, private readonly decay: number) {
    if (!(decay > 0 && decay < 1)) throw new RangeError(`weight average: decay must be in (0, 1), got ${decay}`);
    this.sum = new Float64Array(size);
  }

  /** Folds in the parameters after one optimizer step. */
  update(params: Float32Array): void {
    const { sum, decay } = this;
    for (let i = 0; i < sum.length; i++) sum[i] = decay * sum[i]! + (1 - decay) * params[i]!;
    this.steps++;
  }

  /** Writes the average into `params`; leaves them unchanged before the first update. */
  writeTo(params: Float32Array): void {
    if (this.steps === 0) return;
    const norm = 1 - this.decay ** this.steps;
    for (let i = 0; i < params.length; i++) params[i] = this.sum[i]! / norm;
  }
}
