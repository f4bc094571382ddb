/**
 * The `mlp` model plugin: a TensorFlow.js multilayer perceptron trained as the paper trains its
 * networks (ReLU layers 128-256-512-256-128, MSE, learning rate 0.01 divided by 10 every 50 epochs,
 * stop when the training MSE stops changing), with Adam or SGD, full or mini batches, per-sample
 * weights, seeded initialization and shuffling, data-parallel gradients over worker threads, input
 * gradients by backpropagation, hidden-layer activations, and saving in the tfjs LayersModel format.
 */
import * as tf from '@tensorflow/tfjs';
import { mlpLoad } from '../../../src/core/errors.ts';
import { defineModel } from '../../../src/core/model.ts';
import { initTf } from '../../../src/tf/backend.ts';
import { resolveEngine } from '../../../src/tf/gradient-engine.ts';
import { paramLayout } from '../../../src/tf/mlp-math.ts';
import { fileIOHandler } from '../tfjs-file/file-io.ts';
import { MLP, MlpModel } from './model.ts';
import { buildNetwork, networkSizes } from './network.ts';
import type { MlpOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

export type { MlpOptions } from './options.ts';

/** The bundled `mlp` model plugin. */
export default defineModel<MlpOptions>({
  kind: 'model',
  name: MLP,
  version: '1.0.0',
  description: 'TensorFlow.js MLP (ReLU, MSE) trained as in the paper; Adam/SGD, sample weights, seeded, data-parallel',
  optionsSchema,
  canTrain: true,
  hasInputGradient: true,
  hasActivations: true,
  canShareEpochs: true,
  epochsOf: (options) => options.maxEpochs,
  // Training sums chunk gradients in an order fixed by the batch, not the thread count, and predictions
  // run in one thread: results are bit-identical for any `threads` (test/plugins/model/mlp).
  speedOptions: ['threads'],
  async create(options, ctx, shape) {
    await initTf();
    const layout = paramLayout(shape.nFeatures, options.hidden);
    const model = new MlpModel(options, layout, buildNetwork(layout), false, await resolveEngine(options.engine));
    model.initialize(ctx.rng.fork(MLP, 'create'));
    return model;
  },
  async load(dir, options) {
    await initTf();
    const net = await tf.loadLayersModel(fileIOHandler(dir));
    const sizes = networkSizes(net);
    const origin = { plugin: MLP, file: dir };
    if (typeof sizes === 'string' || !(net instanceof tf.Sequential)) {
      net.dispose();
      throw mlpLoad(origin, `the saved model is not an mlp network: ${typeof sizes === 'string' ? sizes : 'not a Sequential model'}.`, 'Load it with the tfjs-file plugin instead.');
    }
    const hidden = sizes.slice(1, -1);
    if (hidden.join() !== options.hidden.join()) {
      net.dispose();
      throw mlpLoad(origin, `the saved network has hidden layers [${hidden.join(', ')}] but the options say [${options.hidden.join(', ')}].`, 'Set `hidden` to the saved network\'s widths.');
    }
    return new MlpModel(options, paramLayout(sizes[0]!, hidden), net, true, await resolveEngine(options.engine));
  },
});
