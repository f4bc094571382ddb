/**
 * Training on standardized inputs. Features reach the model normalized to [0, 1]; the network is trained
 * on z = (x - 0.5) * sqrt(12) instead (the unit box centered, with unit variance for uniform features),
 * which conditions the first layer: with raw [0, 1] inputs Adam places the first layer's ReLU kinks
 * slowly, and a narrow feature such as the backdoor box stays blurred. The map is fixed, not estimated
 * from the data, so a poisoned set and its paired baseline share it. After training it is folded into
 * the first layer (W = W' / s, b = b' - sum_j 0.5 W'_j / s), so the network, its saved files, its
 * predictions and input gradients all take the normalized features as before.
 */
import type { ParamLayout } from '../../../src/tf/mlp-math.ts';

/** Center of the map z = (x - INPUT_CENTER) / INPUT_SPREAD: the middle of the unit box. */
const INPUT_CENTER = 0.5;
/** Spread of that map: the standard deviation of a uniform feature on [0, 1]. */
const INPUT_SPREAD = 1 / Math.sqrt(12);

/** Maps normalized features to the standardized coordinates the network is trained in (a new array). */
export function standardizeInputs(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => (v - INPUT_CENTER) / INPUT_SPREAD);
}

/**
 * Rewrites the first layer of `params` (in place) so that the network on standardized inputs computes
 * what it computed on normalized ones: W' = W * s, b' = b + 0.5 * sum_j W_j (for a warm start).
 */
export function firstLayerToStandardized(layout: ParamLayout, params: Float32Array): void {
  foldFirstLayer(layout, params, INPUT_SPREAD, INPUT_CENTER / INPUT_SPREAD);
}

/** The inverse of firstLayerToStandardized: the first layer for normalized inputs, after training. */
export function firstLayerFromStandardized(layout: ParamLayout, params: Float32Array): void {
  foldFirstLayer(layout, params, 1 / INPUT_SPREAD, -INPUT_CENTER);
}

/** W <- W * scale; then b <- b + shift * sum over inputs of the new W (per unit), in float64. */
function foldFirstLayer(layout: ParamLayout, params: Float32Array, scale: number, shift: number): void {
  const fanIn = layout.sizes[0]!, fanOut = layout.sizes[1]!;
  const k = layout.kernelOffset[0]!, b = layout.biasOffset[0]!;
  for (let unit = 0; unit < fanOut; unit++) {
    let sum = 0;
    for (let j = 0; j < fanIn; j++) {
      const w = params[k + j * fanOut + unit]! * scale;
      params[k + j * fanOut + unit] = w;
      sum += w;
    }
    params[b + unit] = params[b + unit]! + shift * sum;
  }
}
