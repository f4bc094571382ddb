/**
 * What computes chunk gradients during training: onnxruntime's native CPU kernels (the same explicit
 * backprop as an ONNX graph; about 6x the per-core speed of tfjs-wasm here) when onnxruntime-node loads,
 * else TensorFlow.js on the thread's backend. Both return the same quantities (to float32 rounding).
 */
import { initTf } from './backend.ts';
import { chunkGradient, type Chunk, type ParamLayout } from './mlp-math.ts';

/** The gradient engines. */
export type EngineName = 'onnxruntime' | 'tfjs';

/** Computes the weighted squared-error gradient of one chunk (see mlp-math's chunkGradient). */
export interface GradientEngine {
  readonly name: EngineName;
  /** Fills `grad` (length layout.size) and resolves to sum_i w_i (f(x_i) - y_i)^2. */
  chunkGradient(params: Float32Array, chunk: Chunk, grad: Float32Array): Promise<number>;
  release(): Promise<void>;
}

let ortLoads: Promise<boolean> | undefined;

/** True when onnxruntime-node imports in this process. */
function onnxruntimeAvailable(): Promise<boolean> {
  ortLoads ??= import('onnxruntime-node').then(() => true, () => false);
  return ortLoads;
}

/** The engine `preference` names: 'auto' is onnxruntime when it loads, else tfjs; an unavailable explicit choice throws. */
export async function resolveEngine(preference: EngineName | 'auto'): Promise<EngineName> {
  if (preference === 'tfjs') return 'tfjs';
  if (await onnxruntimeAvailable()) return 'onnxruntime';
  if (preference === 'onnxruntime') throw new Error('the onnxruntime gradient engine needs onnxruntime-node, which does not load here');
  return 'tfjs';
}

/** A ready engine of kind `name` for networks of `layout` in this thread. */
export async function createGradientEngine(name: EngineName, layout: ParamLayout): Promise<GradientEngine> {
  if (name === 'onnxruntime') {
    const { OrtGradient } = await import('./ort-mlp.ts');
    const ort = await OrtGradient.create(layout);
    return { name, chunkGradient: (p, c, g) => ort.chunkGradient(p, c, g), release: () => ort.release() };
  }
  await initTf();
  return { name, chunkGradient: async (p, c, g) => chunkGradient(layout, p, c, g), release: async () => {} };
}
