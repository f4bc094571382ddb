/**
 * Training throughput: `train:mlp-paper` trains the paper's network (5-128-256-512-256-128-1, ReLU) with
 * Adam (lr 1e-3) on 20,000 random samples of 5 features, batch 1024, through the mlp plugin's trainer
 * (data-parallel gradient threads, one per core, started once in setup) with its default gradient
 * engine; `train:mlp-paper-tfjs` forces the TensorFlow.js engine (wasm here). One run is one epoch; the
 * runner's warm-up run is the warm-up epoch. The PyTorch anchor trains the same network the same way.
 */
import { availableParallelism } from 'node:os';
import { Rng } from '../src/core/rng.ts';
import { initTf } from '../src/tf/backend.ts';
import { sharedFloat32 } from '../src/tf/chunks.ts';
import { initParams, paramLayout } from '../src/tf/mlp-math.ts';
import { resolveEngine, type EngineName } from '../src/tf/gradient-engine.ts';
import { Trainer } from '../src/tf/trainer.ts';
import type { BenchCase } from './case.ts';

const SAMPLES = 20_000;
const FEATURES = 5;
const HIDDEN = [128, 256, 512, 256, 128];
const BATCH = 1024;

const rng = new Rng(0, 'bench', 'train:mlp-paper');
const signal = new AbortController().signal;
const ANCHOR = { script: 'torch_mlp_bench.py', args: ['--samples', String(SAMPLES), '--batch', String(BATCH), '--epochs', '3'], modules: ['torch'], field: 'samplesPerSecond' };

/** A case training one epoch per run with gradient engine `engine`. */
function trainCase(name: string, engine: EngineName | 'auto'): BenchCase {
  let trainer: Trainer | undefined;
  let epoch = 0;
  return {
    name,
    unit: 'samples',
    items: SAMPLES,
    async setup() {
      await initTf();
      const layout = paramLayout(FEATURES, HIDDEN);
      const data = { n: SAMPLES, nFeatures: FEATURES, x: sharedFloat32(SAMPLES * FEATURES), y: sharedFloat32(SAMPLES), w: sharedFloat32(SAMPLES).fill(1) };
      const draw = rng.fork('data');
      for (let i = 0; i < data.x.length; i++) data.x[i] = draw.next();
      for (let i = 0; i < SAMPLES; i++) data.y[i] = draw.next();
      const params = sharedFloat32(layout.size);
      params.set(initParams(layout, rng.fork('init')));
      trainer = await Trainer.create(layout, params, data, {
        optimizer: 'adam', learningRate: 1e-3, lrDropEvery: 0, lrDropFactor: 1, maxEpochs: Infinity, emaDecay: 0, stopWindow: 0, stopTolerance: 0,
        batchSize: BATCH, chunkRows: 8192, threads: availableParallelism(), engine: await resolveEngine(engine),
      });
      epoch = 0;
    },
    async run() {
      await trainer!.epoch(epoch++, { rng, signal });
    },
    async teardown() {
      await trainer?.close();
      trainer = undefined;
    },
    anchor: ANCHOR,
  };
}

/** The training bench cases. */
export const trainCases: BenchCase[] = [trainCase('train:mlp-paper', 'auto'), trainCase('train:mlp-paper-tfjs', 'tfjs')];
