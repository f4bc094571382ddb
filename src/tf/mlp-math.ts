/**
 * The multilayer perceptron's arithmetic for training: a flat parameter layout, seeded Glorot-uniform
 * initialization, and the weighted-MSE gradient of one chunk of rows by explicit backpropagation (dense
 * layers, ReLU hidden activations, linear output). The backward products are written with explicit
 * transposes followed by plain matmuls (fast on every backend; see matmul-fix.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng.ts';

/** Where each layer's kernel (in x out, row-major) and bias live in the flat parameter vector. */
export interface ParamLayout {
  /** Layer widths including input and output: [nFeatures, ...hidden, 1]. */
  readonly sizes: readonly number[];
  /** Offsets of kernel l and bias l in the flat vector. */
  readonly kernelOffset: readonly number[];
  readonly biasOffset: readonly number[];
  /** Total number of parameters. */
  readonly size: number;
}

/** The layout of a network with `nFeatures` inputs, the given hidden widths and one output. */
export function paramLayout(nFeatures: number, hidden: readonly number[]): ParamLayout {
  const sizes = [nFeatures, ...hidden, 1];
  const kernelOffset: number[] = [];
  const biasOffset: number[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    kernelOffset.push(at);
    at += sizes[l]! * sizes[l + 1]!;
    biasOffset.push(at);
    at += sizes[l + 1]!;
  }
  return { sizes, kernelOffset, biasOffset, size: at };
}

/** Glorot-uniform kernels (Keras' default for dense layers) and zero biases, drawn from `rng`. */
export function initParams(layout: ParamLayout, rng: Rng): Float32Array {
  const p = new Float32Array(layout.size);
  for (let l = 0; l + 1 < layout.sizes.length; l++) {
    const fanIn = layout.sizes[l]!, fanOut = layout.sizes[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const at = layout.kernelOffset[l]!;
    for (let i = 0; i < fanIn * fanOut; i++) p[at + i] = rng.uniform(-limit, limit);
  }
  return p;
}

/** Kernel and bias tensors of layer `l`, views into `params` copied into the backend. */
function layerTensors(layout: ParamLayout, params: Float32Array, l: number): [tf.Tensor2D, tf.Tensor1D] {
  const fanIn = layout.sizes[l]!, fanOut = layout.sizes[l + 1]!;
  const k = layout.kernelOffset[l]!, b = layout.biasOffset[l]!;
  return [tf.tensor2d(params.subarray(k, k + fanIn * fanOut), [fanIn, fanOut]), tf.tensor1d(params.subarray(b, b + fanOut))];
}

/** A chunk of training rows: features (m x nFeatures), scaled targets and loss weights (length m). */
export interface Chunk {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly w: Float32Array;
  readonly m: number;
}

/**
 * Gradient of sum_i w_i (f(x_i) - y_i)^2 over the chunk with respect to all parameters, written into
 * `grad` (length layout.size); returns that weighted squared-error sum. No tensors outlive the call.
 */
export function chunkGradient(layout: ParamLayout, params: Float32Array, chunk: Chunk, grad: Float32Array): number {
  const L = layout.sizes.length - 1;
  return tf.tidy(() => {
    const layers = Array.from({ length: L }, (_, l) => layerTensors(layout, params, l));
    const acts: tf.Tensor2D[] = [tf.tensor2d(chunk.x, [chunk.m, layout.sizes[0]!])];
    for (let l = 0; l < L; l++) {
      const [k, b] = layers[l]!;
      acts.push(tf.fused.matMul({ a: acts[l]!, b: k, bias: b, activation: l + 1 < L ? 'relu' : 'linear' }) as tf.Tensor2D);
    }
    const y = tf.tensor2d(chunk.y, [chunk.m, 1]);
    const w = tf.tensor2d(chunk.w, [chunk.m, 1]);
    const err = tf.sub(acts[L]!, y);
    const werr = tf.mul(w, err);
    const loss = tf.sum(tf.mul(werr, err)).dataSync()[0]!;
    let dz: tf.Tensor2D = tf.mul(werr, 2);
    for (let l = L - 1; l >= 0; l--) {
      const dk = tf.matMul(tf.transpose(acts[l]!), dz);
      const db = tf.sum(dz, 0);
      grad.set(dk.dataSync(), layout.kernelOffset[l]!);
      grad.set(db.dataSync(), layout.biasOffset[l]!);
      if (l > 0) dz = tf.mul(tf.matMul(dz, tf.transpose(layers[l]![0])), tf.step(acts[l]!));
    }
    return loss;
  });
}
