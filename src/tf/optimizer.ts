/**
 * First-order optimizers over a flat Float32Array of parameters: Adam (Kingma and Ba, with the bias
 * corrections of PyTorch's and Keras' Adam) and plain SGD. They run in JavaScript on the main thread so
 * the update is one fixed sequence of float operations, identical whichever thread computed the gradient.
 */

/** Updates `params` in place from `grad` with step size `lr`. */
export interface Optimizer {
  step(params: Float32Array, grad: Float32Array, lr: number): void;
}

/** The optimizers the mlp plugin offers. */
export type OptimizerName = 'adam' | 'sgd';

/** Adam with beta1 0.9, beta2 0.999, epsilon 1e-8 (fresh moments per optimizer). */
export class Adam implements Optimizer {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(size: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly eps = 1e-8) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  step(params: Float32Array, grad: Float32Array, lr: number): void {
    this.t++;
    const { m, v, beta1, beta2, eps } = this;
    const c1 = 1 - beta1 ** this.t, c2 = 1 - beta2 ** this.t;
    const stepSize = lr / c1, sqrtC2 = Math.sqrt(c2);
    for (let i = 0; i < params.length; i++) {
      const g = grad[i]!;
      const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * g);
      const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * g * g);
      params[i] = params[i]! - (stepSize * mi) / (Math.sqrt(vi) / sqrtC2 + eps);
    }
  }
}

/** Plain gradient descent. */
class Sgd implements Optimizer {
  step(params: Float32Array, grad: Float32Array, lr: number): void {
    for (let i = 0; i < params.length; i++) params[i] = params[i]! - lr * grad[i]!;
  }
}

/** A fresh optimizer of the given kind for `size` parameters. */
export function makeOptimizer(name: OptimizerName, size: number): Optimizer {
  return name === 'adam' ? new Adam(size) : new Sgd();
}
