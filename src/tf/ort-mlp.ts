/**
 * The chunk gradient of mlp-math.ts computed by onnxruntime's native CPU kernels instead of tfjs: the
 * same explicit backpropagation written as an ONNX graph of standard operators (Gemm with transA/transB,
 * Relu, Sign, Mul, ReduceSum), built in memory once per network shape and run with one intra-op thread
 * (parallelism comes from the gradient workers, so results stay independent of the thread count).
 */
import * as ort from 'onnxruntime-node';
import type { Chunk, ParamLayout } from './mlp-math.ts';
import { onnxModel, type OnnxNode } from './onnx-proto.ts';

/** The backprop graph for `layout`: inputs x, y, w, k0.., b0..; outputs loss, dk0.., db0... */
export function gradientGraph(layout: ParamLayout): Uint8Array {
  const L = layout.sizes.length - 1;
  const nodes: OnnxNode[] = [];
  const act = (l: number) => (l === 0 ? 'x' : `a${l}`);
  for (let l = 0; l < L; l++) {
    const z = l + 1 < L ? `z${l + 1}` : 'out';
    nodes.push({ op: 'Gemm', inputs: [act(l), `k${l}`, `b${l}`], outputs: [z] });
    if (l + 1 < L) nodes.push({ op: 'Relu', inputs: [z], outputs: [act(l + 1)] });
  }
  nodes.push(
    { op: 'Sub', inputs: ['out', 'y'], outputs: ['err'] },
    { op: 'Mul', inputs: ['w', 'err'], outputs: ['werr'] },
    { op: 'Mul', inputs: ['werr', 'err'], outputs: ['se'] },
    { op: 'ReduceSum', inputs: ['se'], outputs: ['loss'], attrs: { keepdims: { i: 0 } } },
    { op: 'Mul', inputs: ['werr', 'two'], outputs: [`dz${L - 1}`] },
  );
  for (let l = L - 1; l >= 0; l--) {
    nodes.push(
      { op: 'Gemm', inputs: [act(l), `dz${l}`], outputs: [`dk${l}`], attrs: { transA: { i: 1 } } },
      { op: 'ReduceSum', inputs: [`dz${l}`, 'axis0'], outputs: [`db${l}`], attrs: { keepdims: { i: 0 } } },
    );
    if (l > 0) {
      nodes.push(
        { op: 'Gemm', inputs: [`dz${l}`, `k${l}`], outputs: [`da${l}`], attrs: { transB: { i: 1 } } },
        { op: 'Sign', inputs: [act(l)], outputs: [`mask${l}`] },
        { op: 'Mul', inputs: [`da${l}`, `mask${l}`], outputs: [`dz${l - 1}`] },
      );
    }
  }
  const sizes = layout.sizes;
  const params = Array.from({ length: L }, (_, l) => [
    { name: `k${l}`, shape: [sizes[l]!, sizes[l + 1]!] },
    { name: `b${l}`, shape: [sizes[l + 1]!] },
  ]).flat();
  return onnxModel({
    nodes,
    inputs: [{ name: 'x', shape: ['m', sizes[0]!] }, { name: 'y', shape: ['m', 1] }, { name: 'w', shape: ['m', 1] }, ...params],
    outputs: [{ name: 'loss', shape: [] }, ...params.map((p) => ({ name: `d${p.name}`, shape: p.shape }))],
    initializers: [{ name: 'two', dims: [], float: [2] }, { name: 'axis0', dims: [1], int64: [0] }],
  });
}

/** Computes chunk gradients with one onnxruntime session (one intra-op thread). */
export class OrtGradient {
  private constructor(private readonly layout: ParamLayout, private readonly session: ort.InferenceSession) {}

  /** A session for `layout`'s backprop graph. */
  static async create(layout: ParamLayout): Promise<OrtGradient> {
    const session = await ort.InferenceSession.create(gradientGraph(layout), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    return new OrtGradient(layout, session);
  }

  /** Same contract as mlp-math's chunkGradient: fills `grad`, returns the weighted squared-error sum. */
  async chunkGradient(params: Float32Array, chunk: Chunk, grad: Float32Array): Promise<number> {
    const { layout } = this;
    const L = layout.sizes.length - 1;
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', chunk.x, [chunk.m, layout.sizes[0]!]),
      y: new ort.Tensor('float32', chunk.y, [chunk.m, 1]),
      w: new ort.Tensor('float32', chunk.w, [chunk.m, 1]),
    };
    for (let l = 0; l < L; l++) {
      const fi = layout.sizes[l]!, fo = layout.sizes[l + 1]!, k = layout.kernelOffset[l]!, b = layout.biasOffset[l]!;
      feeds[`k${l}`] = new ort.Tensor('float32', params.slice(k, k + fi * fo), [fi, fo]);
      feeds[`b${l}`] = new ort.Tensor('float32', params.slice(b, b + fo), [fo]);
    }
    const out = await this.session.run(feeds);
    for (let l = 0; l < L; l++) {
      grad.set(out[`dk${l}`]!.data as Float32Array, layout.kernelOffset[l]!);
      grad.set(out[`db${l}`]!.data as Float32Array, layout.biasOffset[l]!);
    }
    return (out.loss!.data as Float32Array)[0]!;
  }

  /** Releases the session. */
  release(): Promise<void> {
    return this.session.release();
  }
}
