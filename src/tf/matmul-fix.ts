/**
 * The transposed-matmul fix for the wasm backend. Its BatchMatMul and _FusedMatMul kernels run at
 * 0.5-1.3 GFLOP/s when asked for `transposeA` / `transposeB` but at 15-20 GFLOP/s on plain operands, and
 * a dense layer's backward pass (dW = X^T dY, dX = dY W^T) uses exactly the transposed forms. The fix
 * wraps both kernels: a transposed operand is first transposed explicitly (the Transpose kernel, memory
 * bound and cheap next to the product), then the plain kernel runs. Results are the same products.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

const wrapped = new Set<string>();

/** Swaps the last two axes of `x` with `transpose` (a backend kernel function); returns a new TensorInfo. */
function transposeLast2(transpose: KernelFunc, x: TensorInfo, backend: unknown): TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
}

/** A kernel function that calls `original` with explicitly transposed operands instead of transpose flags. */
function explicitTranspose(original: KernelFunc, transpose: KernelFunc): KernelFunc {
  return (args) => {
    const attrs = args.attrs as NamedAttrMap & { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const backend = args.backend as { disposeData(id: object): void };
    const inputs = { ...args.inputs } as Record<string, TensorInfo>;
    const temps: TensorInfo[] = [];
    for (const [name, flag] of [['a', attrs.transposeA], ['b', attrs.transposeB]] as const) {
      if (!flag) continue;
      const t = transposeLast2(transpose, inputs[name]!, args.backend);
      temps.push(t);
      inputs[name] = t;
    }
    const out = original({ ...args, inputs, attrs: { ...attrs, transposeA: false, transposeB: false } });
    for (const t of temps) backend.disposeData(t.dataId);
    return out;
  };
}

/**
 * Installs the fix on `backendName`'s BatchMatMul and _FusedMatMul kernels (idempotent). Call it for the
 * wasm backend; on other backends the transposed kernels are not slow and nothing needs changing.
 */
export function installTransposedMatMulFix(backendName = 'wasm'): void {
  const transpose = tf.getKernel('Transpose', backendName)?.kernelFunc;
  if (!transpose) throw new Error(`installTransposedMatMulFix: backend ${backendName} has no Transpose kernel`);
  for (const kernelName of ['BatchMatMul', '_FusedMatMul']) {
    const key = `${backendName}/${kernelName}`;
    if (wrapped.has(key)) continue;
    const config = tf.getKernel(kernelName, backendName) as KernelConfig | undefined;
    if (!config) continue;
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ ...config, kernelFunc: explicitTranspose(config.kernelFunc, transpose) });
    wrapped.add(key);
  }
}

/** True when the fix is installed for `backendName`. */
export function transposedMatMulFixInstalled(backendName = 'wasm'): boolean {
  return wrapped.has(`${backendName}/BatchMatMul`);
}
