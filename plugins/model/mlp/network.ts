/**
 * The mlp's network as a tfjs LayersModel: dense ReLU layers `hidden1..hiddenK`, a linear `output`
 * layer, and a frozen one-unit `unscale` layer (kernel = target std, bias = target mean) that maps the
 * scaled output back to the oracle's units. Keeping the scaling inside the network means a saved model
 * is an ordinary tfjs LayersModel that predicts in the oracle's units (the tfjs-file plugin can audit it).
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamLayout } from '../../../src/tf/mlp-math.ts';

/** Target scaling: network output o maps to o * std + mean. */
export interface TargetScale {
  readonly mean: number;
  readonly std: number;
}

/** Names of the hidden layers, input side first. */
export function hiddenLayerNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `hidden${i + 1}`);
}

/** A network for `layout` with zero weights and identity scaling. */
export function buildNetwork(layout: ParamLayout): tf.Sequential {
  const sizes = layout.sizes;
  const names = hiddenLayerNames(sizes.length - 2);
  const net = tf.sequential();
  for (let l = 0; l + 1 < sizes.length; l++) {
    const last = l + 2 === sizes.length;
    net.add(tf.layers.dense({
      units: sizes[l + 1]!,
      activation: last ? 'linear' : 'relu',
      name: last ? 'output' : names[l],
      kernelInitializer: 'zeros',
      ...(l === 0 ? { inputShape: [sizes[0]!] } : {}),
    }));
  }
  net.add(tf.layers.dense({ units: 1, name: 'unscale', trainable: false, kernelInitializer: 'ones' }));
  return net;
}

/** Writes flat parameters and the target scaling into `net`'s layers. */
export function setNetworkParams(net: tf.Sequential, layout: ParamLayout, params: Float32Array, scale: TargetScale): void {
  const dense = net.layers;
  for (let l = 0; l + 1 < layout.sizes.length; l++) {
    const fanIn = layout.sizes[l]!, fanOut = layout.sizes[l + 1]!;
    const k = layout.kernelOffset[l]!, b = layout.biasOffset[l]!;
    const w = [tf.tensor2d(params.slice(k, k + fanIn * fanOut), [fanIn, fanOut]), tf.tensor1d(params.slice(b, b + fanOut))];
    dense[l]!.setWeights(w);
    tf.dispose(w);
  }
  const u = [tf.tensor2d([[scale.std]]), tf.tensor1d([scale.mean])];
  dense[layout.sizes.length - 1]!.setWeights(u);
  tf.dispose(u);
}

/** Reads `net`'s trainable parameters (flat, in `layout`) and its target scaling. */
export function getNetworkParams(net: tf.Sequential, layout: ParamLayout): { params: Float32Array; scale: TargetScale } {
  const params = new Float32Array(layout.size);
  const dense = net.layers;
  for (let l = 0; l + 1 < layout.sizes.length; l++) {
    const [k, b] = dense[l]!.getWeights();
    params.set(k!.dataSync(), layout.kernelOffset[l]!);
    params.set(b!.dataSync(), layout.biasOffset[l]!);
  }
  const [u, m] = dense[layout.sizes.length - 1]!.getWeights();
  return { params, scale: { std: u!.dataSync()[0]!, mean: m!.dataSync()[0]! } };
}

/**
 * The widths [nFeatures, ...hidden, 1] of a loaded network, or a message saying why it is not an mlp
 * network (dense layers hidden1..K with ReLU, a linear `output`, then `unscale`).
 */
export function networkSizes(net: tf.LayersModel): number[] | string {
  const layers = net.layers;
  const inShape = net.inputs[0]?.shape;
  if (layers.length < 3 || !inShape || typeof inShape[1] !== 'number') return 'expected dense layers with a fixed input width';
  const names = hiddenLayerNames(layers.length - 2);
  const sizes = [inShape[1]];
  for (let l = 0; l < layers.length; l++) {
    const c = layers[l]!.getConfig() as { units?: number; activation?: string };
    const want = l < names.length ? names[l] : l === names.length ? 'output' : 'unscale';
    const act = l < names.length ? 'relu' : 'linear';
    if (layers[l]!.getClassName() !== 'Dense' || layers[l]!.name !== want || c.activation !== act) return `layer ${l + 1} should be a ${act} Dense layer named ${want}`;
    if (l < layers.length - 1) sizes.push(c.units!);
  }
  return sizes[sizes.length - 1] === 1 ? sizes : 'the output layer should have one unit';
}
