import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { initTf } from '../../src/tf/backend.ts';
import { transposedMatMulFixInstalled } from '../../src/tf/matmul-fix.ts';
import { chunkGradient, initParams, paramLayout } from '../../src/tf/mlp-math.ts';

/** Runs `f` on backend `name` and returns its result as plain arrays. */
async function on<T>(name: string, f: () => T): Promise<T> {
  await tf.setBackend(name);
  return f();
}

function random(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0, diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return diff / scale;
}

describe('transposed-matmul fix (wasm)', () => {
  it('is installed by initTf on wasm', async () => {
    const info = await initTf('wasm');
    expect(info.name).toBe('wasm');
    expect(transposedMatMulFixInstalled('wasm')).toBe(true);
  });

  it('transposed products and the gradients of a fused dense layer equal the cpu backend\'s', async () => {
    await initTf('wasm');
    const rng = new Rng(1, 'matmul');
    const a = random(rng, 37 * 19), b = random(rng, 19 * 23), bias = random(rng, 23), dy = random(rng, 37 * 23);
    const compute = () => tf.tidy(() => {
      const A = tf.tensor2d(a, [37, 19]), B = tf.tensor2d(b, [19, 23]);
      const products = [
        tf.matMul(A.transpose(), A.transpose(), true, false), // (A^T)^T A^T = A A^T
        tf.matMul(A, B.transpose(), false, true),
        tf.matMul(A.transpose(), B.transpose(), true, true),
      ].map((t) => Array.from(t.dataSync()));
      const layer = (w: tf.Tensor) => tf.fused.matMul({ a: A, b: w as tf.Tensor2D, bias: tf.tensor1d(bias), activation: 'relu' });
      const [gw] = tf.grads((w: tf.Tensor) => tf.sum(tf.mul(layer(w), tf.tensor2d(dy, [37, 23]))))([B]);
      const gx = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, B), tf.tensor2d(dy, [37, 23]))))(A);
      return [...products, Array.from(gw!.dataSync()), Array.from(gx.dataSync())];
    });
    const wasm = await on('wasm', compute);
    const cpu = await on('cpu', compute);
    await tf.setBackend('wasm');
    expect(wasm.length).toBe(5);
    wasm.forEach((w, i) => expect(maxRelDiff(w, cpu[i]!)).toBeLessThan(1e-5));
  });

  it('explicit backprop (chunkGradient) equals tf.grads of the weighted loss on cpu', async () => {
    await initTf('wasm');
    const layout = paramLayout(3, [8, 5]);
    const rng = new Rng(2, 'chunk');
    const params = initParams(layout, rng);
    const m = 29;
    const chunk = { x: random(rng, m * 3), y: random(rng, m), w: Float32Array.from({ length: m }, () => rng.next()), m };
    const grad = new Float32Array(layout.size);
    const loss = await on('wasm', () => chunkGradient(layout, params, chunk, grad));
    const reference = await on('cpu', () => tf.tidy(() => {
      const vars = [0, 1, 2].flatMap((l) => {
        const k = layout.kernelOffset[l]!, b = layout.biasOffset[l]!, fi = layout.sizes[l]!, fo = layout.sizes[l + 1]!;
        return [tf.tensor2d(params.slice(k, k + fi * fo), [fi, fo]), tf.tensor1d(params.slice(b, b + fo))];
      });
      const f = (...p: tf.Tensor[]) => {
        let h: tf.Tensor = tf.tensor2d(chunk.x, [m, 3]);
        for (let l = 0; l < 3; l++) {
          h = tf.add(tf.matMul(h, p[2 * l]!), p[2 * l + 1]!);
          if (l < 2) h = tf.relu(h);
        }
        const e = tf.sub(h, tf.tensor2d(chunk.y, [m, 1]));
        return tf.sum(tf.mul(tf.tensor2d(chunk.w, [m, 1]), tf.square(e)));
      };
      const g = tf.grads(f)(vars);
      const flat = new Float32Array(layout.size);
      g.forEach((t, i) => flat.set(t.dataSync(), i % 2 ? layout.biasOffset[i >> 1]! : layout.kernelOffset[i >> 1]!));
      return { flat, loss: f(...vars).dataSync()[0]! };
    }));
    await tf.setBackend('wasm');
    expect(maxRelDiff(grad, reference.flat)).toBeLessThan(1e-5);
    expect(loss).toBeCloseTo(reference.loss, 4);
  });
});

describe('onnxruntime gradient engine', () => {
  it('computes the same chunk gradient and loss as the tfjs explicit backprop', async () => {
    await initTf('wasm');
    const { createGradientEngine } = await import('../../src/tf/gradient-engine.ts');
    const layout = paramLayout(4, [16, 8]);
    const rng = new Rng(3, 'ort');
    const params = initParams(layout, rng);
    const m = 53;
    const chunk = { x: random(rng, m * 4), y: random(rng, m), w: Float32Array.from({ length: m }, () => rng.next()), m };
    const [ort, tfjs] = [await createGradientEngine('onnxruntime', layout), await createGradientEngine('tfjs', layout)];
    const g1 = new Float32Array(layout.size), g2 = new Float32Array(layout.size);
    const l1 = await ort.chunkGradient(params, chunk, g1);
    const l2 = await tfjs.chunkGradient(params, chunk, g2);
    expect(maxRelDiff(g1, g2)).toBeLessThan(1e-5);
    expect(l1).toBeCloseTo(l2, 4);
    expect(g1.some((v) => v !== 0)).toBe(true);
    await ort.release();
  });
});
