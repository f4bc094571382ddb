/**
 * The `tfjs-file` model plugin: audits a saved TensorFlow.js LayersModel (model.json + weights, from
 * `model.save` or tensorflowjs_converter) as given, read from disk without tfjs-node. It cannot train
 * (`canTrain: false`); input gradients come from backpropagation (tf.grad) and every layer's
 * activations can be read.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Activations, Model } from '../../../src/core/model.ts';
import { defineModel } from '../../../src/core/model.ts';
import { invalidOption } from '../../../src/core/errors.ts';
import { initTf } from '../../../src/tf/backend.ts';
import { fileIOHandler, modelJsonPath } from './file-io.ts';
import type { TfjsFileOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

const NAME = 'tfjs-file';
const ORIGIN = { plugin: NAME, path: 'model.with.path' };

/**
 * Loads the LayersModel at `path` and checks it maps [n, nFeatures] to one value per row; without
 * `nFeatures` (restoring a saved model) the input width must be fixed in the file.
 */
async function loadChecked(path: string, nFeatures?: number): Promise<tf.LayersModel> {
  const file = resolve(modelJsonPath(path));
  try {
    await access(file);
  } catch {
    throw invalidOption({ ...ORIGIN, file }, 'the model.json file does not exist or cannot be read.', 'Give the model.json written by model.save (or tensorflowjs_converter), or its directory.');
  }
  await initTf();
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(fileIOHandler(file));
  } catch (e) {
    throw invalidOption({ ...ORIGIN, file }, `TensorFlow.js cannot load the model (${e instanceof Error ? e.message : String(e)}).`, 'Save a LayersModel (tfjs model.save or tensorflowjs_converter --output_format tfjs_layers_model) with built-in layers only.');
  }
  const shapes = (tensors: tf.SymbolicTensor[]): string => tensors.map((t) => `[${t.shape.map((s) => s ?? 'n').join(', ')}]`).join(' and ');
  const input = model.inputs.length === 1 ? model.inputs[0]!.shape : undefined;
  const output = model.outputs.length === 1 ? model.outputs[0]!.shape : undefined;
  const problem =
    !input || input.length !== 2 || (nFeatures === undefined ? typeof input[1] !== 'number' : input[1] !== null && input[1] !== nFeatures)
      ? `its input is ${shapes(model.inputs)}, but regaudit feeds one [n, ${nFeatures ?? 'nFeatures'}] tensor${nFeatures === undefined ? '' : ` (the domain has ${nFeatures} features)`}`
      : !output || output.slice(1).some((s) => s !== 1)
        ? `its output is ${shapes(model.outputs)}, but regaudit needs one prediction per row ([n, 1])`
        : undefined;
  if (problem) {
    model.dispose();
    throw invalidOption({ ...ORIGIN, file }, `the model does not fit the domain: ${problem}.`, 'Use the oracle the model was trained for, or save a model with one input column per feature and one output.');
  }
  return model;
}

/** A loaded LayersModel behind the Model contract. */
class TfjsFileModel implements Model {
  readonly nFeatures: number;
  readonly layerNames: readonly string[];
  readonly #model: tf.LayersModel;
  readonly #batchSize: number;
  /** Sub-models ending at one layer, built on first use. */
  readonly #taps = new Map<string, tf.LayersModel>();

  constructor(model: tf.LayersModel, nFeatures: number, batchSize: number) {
    this.#model = model;
    this.nFeatures = nFeatures;
    this.#batchSize = batchSize;
    this.layerNames = model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
  }

  /** Calls `f` on float32 input tensors of at most batchSize rows and concatenates the row-major results. */
  #batched<T extends Float32Array | Float64Array>(x: Float64Array, n: number, width: number, out: T, f: (input: tf.Tensor2D) => tf.Tensor): T {
    const d = this.nFeatures;
    for (let start = 0; start < n; start += this.#batchSize) {
      const rows = Math.min(this.#batchSize, n - start);
      const values = tf.tidy(() => f(tf.tensor2d(Float32Array.from(x.subarray(start * d, (start + rows) * d)), [rows, d])).dataSync());
      out.set(values, start * width);
    }
    return out;
  }

  /** Predictions for `n` normalized rows. */
  async predict(x: Float64Array, n: number): Promise<Float64Array> {
    return this.#batched(x, n, 1, new Float64Array(n), (input) => this.#model.predict(input) as tf.Tensor);
  }

  /**
   * dY/dx by backpropagation: the gradient of the sum of the predictions, which for a model applied
   * row by row (dense, convolutional, normalization in inference mode) is each row's own gradient.
   */
  async inputGradient(x: Float64Array, n: number): Promise<Float64Array> {
    const grad = tf.grad((input: tf.Tensor) => (this.#model.apply(input) as tf.Tensor).sum());
    return this.#batched(x, n, this.nFeatures, new Float64Array(n * this.nFeatures), grad);
  }

  /** Activations of `layer` (one of `layerNames`) for `n` rows. */
  async activations(x: Float64Array, n: number, layer: string): Promise<Activations> {
    let tap = this.#taps.get(layer);
    if (!tap) {
      if (!this.layerNames.includes(layer)) {
        throw invalidOption({ plugin: NAME }, `the model has no layer \`${layer}\`.`, `Use one of: ${this.layerNames.join(', ')}.`);
      }
      tap = tf.model({ inputs: this.#model.inputs, outputs: this.#model.getLayer(layer).output as tf.SymbolicTensor });
      this.#taps.set(layer, tap);
    }
    const width = (tap.outputs[0]!.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
    const values = this.#batched(x, n, width, new Float32Array(n * width), (input) => tap.predict(input) as tf.Tensor);
    return { width, values };
  }

  /** Writes model.json and weights.bin under `dir`. */
  async save(dir: string): Promise<void> {
    await this.#model.save(fileIOHandler(dir));
  }

  /** Frees the weights. The sub-models own none (they reuse the model's layers), so they are only dropped. */
  dispose(): void {
    this.#taps.clear();
    this.#model.dispose();
  }
}

/** The bundled `tfjs-file` model plugin. */
export default defineModel<TfjsFileOptions>({
  kind: 'model',
  name: NAME,
  version: '1.0.0',
  description: 'Audits a saved TensorFlow.js LayersModel (model.json + weights) as given; gradients by backpropagation',
  optionsSchema,
  fileOptions: ['path'],
  canTrain: false,
  hasInputGradient: true,
  hasActivations: true,
  async create(options, _ctx, shape) {
    return new TfjsFileModel(await loadChecked(options.path, shape.nFeatures), shape.nFeatures, options.batchSize);
  },
  async load(dir, options) {
    const model = await loadChecked(dir);
    return new TfjsFileModel(model, model.inputs[0]!.shape[1] as number, options.batchSize);
  },
});
