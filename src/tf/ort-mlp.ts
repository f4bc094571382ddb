/**
 * The mlp's arithmetic on onnxruntime's native CPU kernels instead of tfjs: the chunk gradient of
 * mlp-math.ts (explicit backpropagation), the forward pass and the input gradient dY/dx, each written as
 * an ONNX graph of standard operators (Gemm with transA/transB, Relu, Sign, Mul, ReduceSum), built in
 * memory once per network shape, with the parameters as inputs, and run with one intra-op thread
 * (parallelism comes from the gradient workers, so results stay independent of the thread count).
 */
import * as ort from 'onnxruntime-node';
import type { Chunk, ParamLayout } from './mlp-math.ts';
import { onnxModel, type OnnxNode } from './onnx-proto.ts';
import { SerialResource } from './serial-resource.ts';

/** Name of the activation feeding layer `l` (the input x for l = 0). */
const act = (l: number) => (l === 0 ? 'x' : `a${l}`);

/** Forward nodes: Gemm + Relu per hidden layer, a linear Gemm into `out`. */
function forwardNodes(L: number): OnnxNode[] {
  const nodes: OnnxNode[] = [];
  for (let l = 0; l < L; l++) {
    const z = l + 1 < L ? `z${l + 1}` : 'out';
    nodes.push({ op: 'Gemm', inputs: [act(l), `k${l}`, `b${l}`], outputs: [z] });
    if (l + 1 < L) nodes.push({ op: 'Relu', inputs: [z], outputs: [act(l + 1)] });
  }
  return nodes;
}

/** Nodes taking d(.)/d a_l back through layer l: dz_{l-1} = (dz_l k_l^T) * [a_l > 0]; for l = 0, `dx`. */
function backThroughLayer(l: number): OnnxNode[] {
  if (l === 0) return [{ op: 'Gemm', inputs: ['dz0', 'k0'], outputs: ['dx'], attrs: { transB: { i: 1 } } }];
  return [
    { op: 'Gemm', inputs: [`dz${l}`, `k${l}`], outputs: [`da${l}`], attrs: { transB: { i: 1 } } },
    { op: 'Sign', inputs: [act(l)], outputs: [`mask${l}`] },
    { op: 'Mul', inputs: [`da${l}`, `mask${l}`], outputs: [`dz${l - 1}`] },
  ];
}

/** Graph inputs for the parameters, and the input x. */
function paramInputs(layout: ParamLayout) {
  const sizes = layout.sizes;
  return Array.from({ length: sizes.length - 1 }, (_, l) => [
    { name: `k${l}`, shape: [sizes[l]!, sizes[l + 1]!] },
    { name: `b${l}`, shape: [sizes[l + 1]!] },
  ]).flat();
}

/** The backprop graph for `layout`: inputs x, y, w, k0.., b0..; outputs loss, dk0.., db0... */
function gradientGraph(layout: ParamLayout): Uint8Array {
  const L = layout.sizes.length - 1;
  const nodes = forwardNodes(L);
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
    if (l > 0) nodes.push(...backThroughLayer(l));
  }
  const params = paramInputs(layout);
  return onnxModel({
    nodes,
    inputs: [{ name: 'x', shape: ['m', layout.sizes[0]!] }, { name: 'y', shape: ['m', 1] }, { name: 'w', shape: ['m', 1] }, ...params],
    outputs: [{ name: 'loss', shape: [] }, ...params.map((p) => ({ name: `d${p.name}`, shape: p.shape }))],
    initializers: [{ name: 'two', dims: [], float: [2] }, { name: 'axis0', dims: [1], int64: [0] }],
  });
}

/**
 * The inference graph for `layout`: inputs x, k0.., b0..; output `out` (m x 1) and, with `withGradient`,
 * `dx` = d out / d x (m x nFeatures). (onnxruntime runs every node, so predictions get their own graph.)
 */
function inferenceGraph(layout: ParamLayout, withGradient: boolean): Uint8Array {
  const L = layout.sizes.length - 1;
  const nodes = forwardNodes(L);
  if (withGradient) {
    // d out / d out = 1 per row: ones shaped like `out`, from out * 0 + 1.
    nodes.push({ op: 'Mul', inputs: ['out', 'zero'], outputs: ['out0'] }, { op: 'Add', inputs: ['out0', 'one'], outputs: [`dz${L - 1}`] });
    for (let l = L - 1; l >= 0; l--) nodes.push(...backThroughLayer(l));
  }
  return onnxModel({
    nodes,
    inputs: [{ name: 'x', shape: ['m', layout.sizes[0]!] }, ...paramInputs(layout)],
    outputs: [{ name: 'out', shape: ['m', 1] }, ...(withGradient ? [{ name: 'dx', shape: ['m', layout.sizes[0]!] }] : [])],
    initializers: withGradient ? [{ name: 'zero', dims: [], float: [0] }, { name: 'one', dims: [], float: [1] }] : [],
  });
}

/** Parameter feeds (copies of the kernels and biases in `params`). */
function paramFeeds(layout: ParamLayout, params: Float32Array): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (let l = 0; l + 1 < layout.sizes.length; l++) {
    const fi = layout.sizes[l]!, fo = layout.sizes[l + 1]!, k = layout.kernelOffset[l]!, b = layout.biasOffset[l]!;
    feeds[`k${l}`] = new ort.Tensor('float32', params.slice(k, k + fi * fo), [fi, fo]);
    feeds[`b${l}`] = new ort.Tensor('float32', params.slice(b, b + fo), [fo]);
  }
  return feeds;
}

const SESSION: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

/**
 * Network outputs and input gradients on onnxruntime (two sessions per network shape). Runs go one at a
 * time; `release` waits for those already requested and may be called more than once.
 */
export class OrtInference {
  private readonly guard = new SerialResource('mlp inference on onnxruntime');

  private constructor(private readonly layout: ParamLayout, private readonly forward: ort.InferenceSession, private readonly gradient: ort.InferenceSession) {}

  /** Sessions for `layout`'s inference graphs. */
  static async create(layout: ParamLayout): Promise<OrtInference> {
    const [f, g] = await Promise.all([false, true].map((w) => ort.InferenceSession.create(inferenceGraph(layout, w), SESSION)));
    return new OrtInference(layout, f!, g!);
  }

  /** Network output for the m rows of `x` (float32, row-major) and, when asked, d output / d x. */
  async run(params: Float32Array, x: Float32Array, m: number, withGradient: boolean): Promise<{ out: Float32Array; dx?: Float32Array }> {
    // Feeds are built now (copies of params), not when the queued run starts.
    const feeds = { x: new ort.Tensor('float32', x, [m, this.layout.sizes[0]!]), ...paramFeeds(this.layout, params) };
    return this.guard.run(async () => {
      const r = await (withGradient ? this.gradient : this.forward).run(feeds);
      return { out: r.out!.data as Float32Array, ...(withGradient ? { dx: r.dx!.data as Float32Array } : {}) };
    });
  }

  /** Releases the sessions once the runs already requested have settled. */
  release(): Promise<void> {
    return this.guard.close(async () => {
      await Promise.all([this.forward.release(), this.gradient.release()]);
    });
  }
}

/** Computes chunk gradients with one onnxruntime session (one intra-op thread), one run at a time. */
export class OrtGradient {
  private readonly guard = new SerialResource('the onnxruntime gradient session');

  private constructor(private readonly layout: ParamLayout, private readonly session: ort.InferenceSession) {}

  /** A session for `layout`'s backprop graph. */
  static async create(layout: ParamLayout): Promise<OrtGradient> {
    return new OrtGradient(layout, await ort.InferenceSession.create(gradientGraph(layout), SESSION));
  }

  /** Same contract as mlp-math's chunkGradient: fills `grad`, returns the weighted squared-error sum. */
  async chunkGradient(params: Float32Array, chunk: Chunk, grad: Float32Array): Promise<number> {
    const { layout } = this;
    const L = layout.sizes.length - 1;
    // Feeds are built now (copies of params), not when the queued run starts.
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', chunk.x, [chunk.m, layout.sizes[0]!]),
      y: new ort.Tensor('float32', chunk.y, [chunk.m, 1]),
      w: new ort.Tensor('float32', chunk.w, [chunk.m, 1]),
      ...paramFeeds(layout, params),
    };
    return this.guard.run(async () => {
      const out = await this.session.run(feeds);
      for (let l = 0; l < L; l++) {
        grad.set(out[`dk${l}`]!.data as Float32Array, layout.kernelOffset[l]!);
        grad.set(out[`db${l}`]!.data as Float32Array, layout.biasOffset[l]!);
      }
      return (out.loss!.data as Float32Array)[0]!;
    });
  }

  /** Releases the session once the runs already requested have settled (idempotent). */
  release(): Promise<void> {
    return this.guard.close(() => this.session.release());
  }
}
