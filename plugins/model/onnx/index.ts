/**
 * The `onnx` model plugin: audits a network exported to ONNX (PyTorch's torch.onnx.export, Keras via
 * tf2onnx, ...) as given, on onnxruntime-node's CPU provider. It cannot train (`canTrain: false`), so the
 * engine skips the training stages and refuses specs that poison or retrain it. Input gradients come
 * from batched central finite differences: one batch of 2 * nFeatures * n perturbed rows per call.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Model } from '../../../src/core/model.ts';
import { defineModel } from '../../../src/core/model.ts';
import { invalidOption, pluginFailure } from '../../../src/core/errors.ts';
import { SerialResource } from '../../../src/tf/serial-resource.ts';
import type { OnnxModelOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

const NAME = 'onnx';

/** Element types the plugin can feed. */
type FloatType = 'float32' | 'float64';

/** What `create` learned about the graph. */
interface Graph {
  readonly session: ort.InferenceSession;
  readonly input: string;
  readonly output: string;
  readonly type: FloatType;
}

/** Opens the session and checks its input and output against the options and the feature count. */
async function openGraph(options: OnnxModelOptions, nFeatures: number): Promise<Graph> {
  const path = resolve(options.path);
  try {
    await access(path);
  } catch {
    throw invalidOption({ plugin: NAME, path: 'model.with.path', file: path }, 'the ONNX file does not exist or cannot be read.', 'Give the path of the .onnx file exported from your framework.');
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path, { intraOpNumThreads: options.threads, interOpNumThreads: 1, executionMode: 'sequential' });
  } catch (e) {
    throw invalidOption({ plugin: NAME, path: 'model.with.path', file: path }, `onnxruntime cannot load the file (${e instanceof Error ? e.message : String(e)}).`, 'Re-export the model as ONNX (opset 13 or newer).');
  }
  const pick = (kind: 'input' | 'output', wanted: string | null, names: readonly string[]): string => {
    if (wanted === null) return names[0]!;
    if (names.includes(wanted)) return wanted;
    throw invalidOption({ plugin: NAME, path: `model.with.${kind}Name` }, `the model has no ${kind} \`${wanted}\`.`, `Use one of: ${names.join(', ')}.`);
  };
  if (session.inputNames.length !== 1) {
    throw invalidOption({ plugin: NAME, path: 'model.with.path' }, `the model has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); regaudit feeds exactly one, the features.`, 'Export the model with a single [n, nFeatures] input.');
  }
  const input = pick('input', options.inputName, session.inputNames);
  const output = pick('output', options.outputName, session.outputNames);
  const meta = session.inputMetadata[session.inputNames.indexOf(input)]!;
  if (!meta.isTensor || (meta.type !== 'float32' && meta.type !== 'float64')) {
    throw invalidOption({ plugin: NAME, path: 'model.with.path' }, `input \`${input}\` is ${meta.isTensor ? `a ${meta.type} tensor` : 'not a tensor'}; regaudit feeds float32 or float64 features.`, 'Export the model with a float input.');
  }
  const dims = meta.shape;
  if (dims.length !== 0 && (dims.length !== 2 || (typeof dims[1] === 'number' && dims[1] !== nFeatures))) {
    throw invalidOption({ plugin: NAME, path: 'model.with.path' }, `input \`${input}\` has shape [${dims.join(', ')}], but the domain has ${nFeatures} features: regaudit feeds [n, ${nFeatures}].`, 'Use the oracle the model was trained for, or export the model with a dynamic batch dimension and one column per feature.');
  }
  if (dims.length === 2 && typeof dims[0] === 'number' && dims[0] >= 0) {
    throw invalidOption({ plugin: NAME, path: 'model.with.path' }, `input \`${input}\` has a fixed batch dimension (shape [${dims.join(', ')}]); regaudit feeds batches of any number of rows.`, 'Export the model with a dynamic batch dimension (PyTorch: torch.onnx.export(..., dynamic_axes={"x": {0: "n"}, "y": {0: "n"}})).');
  }
  const outMeta = session.outputMetadata[session.outputNames.indexOf(output)]!;
  const outDims = outMeta.isTensor ? outMeta.shape : [];
  if (outDims.length > 2 || (outDims.length === 2 && typeof outDims[1] === 'number' && outDims[1] !== 1)) {
    throw invalidOption({ plugin: NAME, path: 'model.with.path' }, `output \`${output}\` has shape [${outDims.join(', ')}]; regaudit reads one prediction per row ([n] or [n, 1]).`, 'Export the model with a single output column, or name the right output with `outputName`.');
  }
  if (options.inputAffine && (options.inputAffine.offset.length !== nFeatures || options.inputAffine.scale.length !== nFeatures)) {
    throw invalidOption({ plugin: NAME, path: 'model.with.inputAffine' }, `offset and scale need ${nFeatures} entries each (one per feature), got ${options.inputAffine.offset.length} and ${options.inputAffine.scale.length}.`, 'List one value per feature in domain order.');
  }
  return { session, input, output, type: meta.type };
}

/** An imported ONNX network behind the Model contract. */
class OnnxModel implements Model {
  readonly nFeatures: number;
  readonly #graph: Graph;
  /** Predictions and gradients run one at a time; release waits for the one in flight. */
  readonly #session = new SerialResource('onnx: the model');
  readonly #options: OnnxModelOptions;

  constructor(graph: Graph, options: OnnxModelOptions, nFeatures: number) {
    this.#graph = graph;
    this.#options = options;
    this.nFeatures = nFeatures;
  }

  /** The model's input for normalized rows `x` (n rows), in its element type, inputAffine applied. */
  #toInput(x: Float64Array): Float32Array | Float64Array {
    const out = this.#graph.type === 'float32' ? new Float32Array(x.length) : new Float64Array(x.length);
    const affine = this.#options.inputAffine;
    const d = this.nFeatures;
    for (let i = 0; i < x.length; i++) out[i] = affine ? affine.offset[i % d]! + affine.scale[i % d]! * x[i]! : x[i]!;
    return out;
  }

  /** Runs the graph on model inputs of `n` rows in runs of at most batchSize rows; outputAffine applied. */
  async #run(input: Float32Array | Float64Array, n: number): Promise<Float64Array> {
    const { session, input: inName, output: outName, type } = this.#graph;
    const d = this.nFeatures;
    const out = new Float64Array(n);
    const { offset, scale } = this.#options.outputAffine;
    for (let start = 0; start < n; start += this.#options.batchSize) {
      const rows = Math.min(this.#options.batchSize, n - start);
      const data = input.subarray(start * d, (start + rows) * d);
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await session.run({ [inName]: new ort.Tensor(type, data, [rows, d]) }, [outName]);
      } catch (e) {
        throw pluginFailure({ plugin: NAME, stage: 'predict' }, `onnxruntime failed on a batch of ${rows} rows`, e);
      }
      const tensor = result[outName]!;
      if (tensor.data.length !== rows) {
        throw pluginFailure({ plugin: NAME, stage: 'predict' }, `output \`${outName}\` has shape [${tensor.dims.join(', ')}] for ${rows} rows; expected one prediction per row ([n] or [n, 1])`);
      }
      const values = tensor.data as Float32Array | Float64Array;
      for (let i = 0; i < rows; i++) out[start + i] = offset + scale * values[i]!;
      tensor.dispose();
    }
    return out;
  }

  /** Predictions for `n` normalized rows, in the oracle's units. */
  predict(x: Float64Array, n: number): Promise<Float64Array> {
    return this.#session.run(() => this.#run(this.#toInput(x), n));
  }

  /**
   * dY/dx by central differences in normalized units: row i, feature j gets
   * (f(x + h e_j) - f(x - h e_j)) / (step actually taken), where the step is measured on the model's
   * inputs after rounding to its element type, so float32 rounding of x +- h does not bias the quotient.
   * All 2 * d perturbations of a chunk of rows go through the graph as one batch.
   */
  inputGradient(x: Float64Array, n: number): Promise<Float64Array> {
    return this.#session.run(() => this.#centralDifferences(x, n));
  }

  async #centralDifferences(x: Float64Array, n: number): Promise<Float64Array> {
    const d = this.nFeatures;
    const h = this.#options.fdStep;
    const scale = this.#options.inputAffine?.scale;
    const grad = new Float64Array(n * d);
    const chunk = Math.max(1, Math.floor(this.#options.batchSize / (2 * d)));
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const perturbed = new Float64Array(rows * 2 * d * d);
      for (let i = 0; i < rows; i++) {
        const base = x.subarray((start + i) * d, (start + i + 1) * d);
        for (let j = 0; j < d; j++) {
          const plus = (i * 2 * d + 2 * j) * d;
          perturbed.set(base, plus);
          perturbed.set(base, plus + d);
          perturbed[plus + j] = base[j]! + h;
          perturbed[plus + d + j] = base[j]! - h;
        }
      }
      const input = this.#toInput(perturbed);
      const f = await this.#run(input, rows * 2 * d);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < d; j++) {
          const k = i * 2 * d + 2 * j;
          const step = (input[k * d + j]! - input[(k + 1) * d + j]!) / (scale ? scale[j]! : 1);
          grad[(start + i) * d + j] = (f[k]! - f[k + 1]!) / step;
        }
      }
    }
    return grad;
  }

  /**
   * Releases the onnxruntime session once the runs in flight have settled (a failed release only leaks
   * native memory, so it is not raised).
   */
  dispose(): void {
    this.#session.close(() => this.#graph.session.release()).catch(() => undefined);
  }
}

/** The bundled `onnx` model plugin. */
export default defineModel<OnnxModelOptions>({
  kind: 'model',
  name: NAME,
  version: '1.0.0',
  description: 'Audits an ONNX model (exported from PyTorch, Keras, ...) as given; gradients by finite differences',
  optionsSchema,
  fileOptions: ['path'],
  canTrain: false,
  hasInputGradient: false,
  hasActivations: false,
  async create(options, _ctx, shape) {
    const graph = await openGraph(options, shape.nFeatures);
    return new OnnxModel(graph, options, shape.nFeatures);
  },
});
