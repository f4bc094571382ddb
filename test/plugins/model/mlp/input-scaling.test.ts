import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstLayerFromStandardized, firstLayerToStandardized, standardizeInputs } from '../../../../plugins/model/mlp/input-scaling.ts';
import { paramLayout } from '../../../../src/tf/mlp-math.ts';

/** The first layer's pre-activations W^T x + b for one input row. */
function firstLayer(params: Float32Array, layout: ReturnType<typeof paramLayout>, x: ArrayLike<number>): number[] {
  const fanIn = layout.sizes[0]!, fanOut = layout.sizes[1]!;
  return Array.from({ length: fanOut }, (_, unit) => {
    let sum = params[layout.biasOffset[0]! + unit]!;
    for (let j = 0; j < fanIn; j++) sum += params[layout.kernelOffset[0]! + j * fanOut + unit]! * x[j]!;
    return sum;
  });
}

const weights = (size: number) => fc.float32Array({ minLength: size, maxLength: size, min: -2, max: 2, noNaN: true, noDefaultInfinity: true });
const unitRow = (d: number) => fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: d, maxLength: d });

describe('mlp input standardization', () => {
  const layout = paramLayout(3, [4, 2]);

  it('maps the unit box to mean 0 and unit variance for uniform features', () => {
    expect(Array.from(standardizeInputs([0, 0.5, 1]))).toEqual([-Math.sqrt(3), 0, Math.sqrt(3)].map((v) => expect.closeTo(v, 12)));
  });

  it('the folded first layer on x computes what the trained one computes on standardized x', () => {
    fc.assert(fc.property(weights(layout.size), unitRow(3), (trained, x) => {
      const folded = Float32Array.from(trained);
      firstLayerFromStandardized(layout, folded);
      const want = firstLayer(trained, layout, standardizeInputs(x));
      const got = firstLayer(folded, layout, x);
      for (let u = 0; u < want.length; u++) expect(got[u]).toBeCloseTo(want[u]!, 4);
    }));
  });

  it('converting for a warm start and folding back returns the weights, and touches only the first layer', () => {
    fc.assert(fc.property(weights(layout.size), (original) => {
      const p = Float32Array.from(original);
      firstLayerToStandardized(layout, p);
      expect(Array.from(p.subarray(layout.kernelOffset[1]!))).toEqual(Array.from(original.subarray(layout.kernelOffset[1]!)));
      firstLayerFromStandardized(layout, p);
      for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(original[i]!, 4);
    }));
  });
});
