/**
 * The training loop: epochs of (seeded) shuffled batches, data-parallel batch gradients, an optimizer
 * step per batch, the paper's step schedule for the learning rate and its stopping rule on the relative
 * change of the training MSE. Works on a flat parameter vector; knows nothing about the model plugin.
 */
import type { Rng } from '../core/rng.ts';
import { sharedFloat32, type SharedTrainData } from './chunks.ts';
import type { EngineName } from './gradient-engine.ts';
import { GradientPool } from './gradient-pool.ts';
import { keyedOrder } from './keyed-order.ts';
import type { ParamLayout } from './mlp-math.ts';
import { makeOptimizer, type Optimizer, type OptimizerName } from './optimizer.ts';
import { WeightAverage } from './weight-average.ts';

/** Fully-resolved training settings. */
export interface TrainSettings {
  readonly optimizer: OptimizerName;
  /** Initial learning rate. */
  readonly learningRate: number;
  /** Multiply the learning rate by `lrDropFactor` every `lrDropEvery` epochs (0: never). */
  readonly lrDropEvery: number;
  readonly lrDropFactor: number;
  readonly maxEpochs: number;
  /** End on the moving average of the weights over optimizer steps with this decay (weight-average.ts; 0: the last step's weights). */
  readonly emaDecay: number;
  /** Stop once the relative change of the training MSE stayed below `stopTolerance` for this many epochs (0: never). */
  readonly stopWindow: number;
  readonly stopTolerance: number;
  /** Rows per optimization step; 'full' is full-batch gradient descent (the paper). */
  readonly batchSize: number | 'full';
  /** Largest chunk of rows whose gradient is computed at once (bounds memory; full-batch is accumulated). */
  readonly chunkRows: number;
  /** Threads computing gradients (1 = main thread only). */
  readonly threads: number;
  /** What computes the gradients. */
  readonly engine: EngineName;
  /** The 0-based epochs below `baseOnly.epochs` visit only rows 0..baseOnly.rows-1 (FitOverrides.baseOnly). */
  readonly baseOnly?: { readonly rows: number; readonly epochs: number };
}

/** Hooks of one training run. */
export interface TrainHooks {
  /** Shuffles batches (mini-batch only), by per-row keys so appended rows keep the others' order (keyed-order.ts). */
  readonly rng: Rng;
  /** Checked before every step; training throws its reason once aborted. */
  readonly signal: AbortSignal;
  /** Called after every epoch with its 1-based number and training MSE (scaled targets). */
  onEpoch?(epoch: number, mse: number): void;
}

/** What the loop did. */
export interface TrainOutcome {
  /** Epochs run. */
  readonly epochs: number;
  /** Weighted training MSE per epoch, in scaled-target units (mean of the batch losses seen). */
  readonly history: number[];
}

/** The learning rate of 0-based epoch `epoch` under the step schedule. */
export function learningRateAt(s: Pick<TrainSettings, 'learningRate' | 'lrDropEvery' | 'lrDropFactor'>, epoch: number): number {
  return s.lrDropEvery > 0 ? s.learningRate * s.lrDropFactor ** Math.floor(epoch / s.lrDropEvery) : s.learningRate;
}

/**
 * The paper's stopping rule: true when each of the last `window` epoch-to-epoch relative changes of the
 * training MSE, |mse[e] - mse[e-1]| / mse[e-1], is below `tolerance`.
 */
export function shouldStop(history: readonly number[], window: number, tolerance: number): boolean {
  if (window <= 0 || history.length <= window) return false;
  for (let e = history.length - window; e < history.length; e++) {
    const prev = history[e - 1]!;
    if (!(Math.abs(history[e]! - prev) < tolerance * prev)) return false;
  }
  return true;
}

/**
 * A training run in progress: the gradient pool (worker threads started once), the optimizer state and
 * the batch order. `epoch` runs one epoch (await each before the next); `close` stops the workers once
 * the work in flight has settled.
 */
export class Trainer {
  private readonly batch: number;
  private running = false;
  private readonly order: Uint32Array;
  private readonly grad: Float32Array;
  private readonly optimizer: Optimizer;
  private readonly average: WeightAverage | undefined;

  private constructor(
    private readonly params: Float32Array,
    private readonly data: SharedTrainData,
    private readonly settings: TrainSettings,
    private readonly pool: GradientPool,
  ) {
    this.batch = settings.batchSize === 'full' ? data.n : Math.min(settings.batchSize, data.n);
    this.order = new Uint32Array(new SharedArrayBuffer(data.n * 4));
    for (let i = 0; i < data.n; i++) this.order[i] = i;
    this.grad = sharedFloat32(params.length);
    this.optimizer = makeOptimizer(settings.optimizer, params.length);
    this.average = settings.emaDecay > 0 ? new WeightAverage(params.length, settings.emaDecay) : undefined;
  }

  /** Starts the workers for training `params` (SharedArrayBuffer-backed, updated in place) on `data`. */
  static async create(layout: ParamLayout, params: Float32Array, data: SharedTrainData, settings: TrainSettings): Promise<Trainer> {
    return new Trainer(params, data, settings, await GradientPool.create(layout, data, settings.chunkRows, Math.max(1, settings.threads), settings.engine));
  }

  /** Runs 0-based epoch `epoch` (its learning rate and shuffle); returns its weighted training MSE. Rejects while another epoch runs. */
  async epoch(epoch: number, hooks: Pick<TrainHooks, 'rng' | 'signal'>): Promise<number> {
    if (this.running) throw new Error(`trainer: epoch ${epoch} was started while another epoch is still running (await each epoch)`);
    this.running = true;
    try {
      return await this.runEpoch(epoch, hooks);
    } finally {
      this.running = false;
    }
  }

  private async runEpoch(epoch: number, hooks: Pick<TrainHooks, 'rng' | 'signal'>): Promise<number> {
    const { data, order, grad, batch } = this;
    const base = this.settings.baseOnly;
    const n = base && epoch < base.epochs ? base.rows : data.n;
    // Keyed order: rows 0..n-1 come out as a fit on those rows alone visits them (keyed-order.ts).
    if (batch < n) keyedOrder(hooks.rng.fork('shuffle', epoch), n, order);
    const lr = learningRateAt(this.settings, epoch);
    let lossSum = 0, weightSum = 0;
    for (let start = 0; start < n; start += batch) {
      hooks.signal.throwIfAborted();
      const end = Math.min(start + batch, n);
      let wb = 0;
      for (let i = start; i < end; i++) wb += data.w[order[i]!]!;
      lossSum += await this.pool.batchGradient(this.params, order, start, end, grad);
      weightSum += wb;
      if (!(wb > 0)) continue;
      for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! / wb;
      this.optimizer.step(this.params, grad, lr);
      this.average?.update(this.params);
    }
    return lossSum / weightSum;
  }

  /** Sets the parameters to their moving average when `emaDecay` > 0 (call after the last epoch). */
  useAverage(): void {
    this.average?.writeTo(this.params);
  }

  /** Stops the worker threads after the batch in flight, if any (idempotent). */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Trains `params` (a SharedArrayBuffer-backed vector, updated in place) on `data` until the stop rule or
 * maxEpochs, and ends on the weights' moving average when `emaDecay` > 0. The stop rule reads the
 * epochs after `baseOnly.epochs` only.
 */
export async function train(layout: ParamLayout, params: Float32Array, data: SharedTrainData, s: TrainSettings, hooks: TrainHooks): Promise<TrainOutcome> {
  const trainer = await Trainer.create(layout, params, data, s);
  const history: number[] = [];
  let stopped = false;
  try {
    while (history.length < s.maxEpochs && !stopped) {
      history.push(await trainer.epoch(history.length, hooks));
      hooks.onEpoch?.(history.length, history.at(-1)!);
      // Epochs on the base rows alone do not count towards the stop rule: a fit that stopped among
      // them would never visit the other rows.
      stopped = shouldStop(history.slice(s.baseOnly?.epochs ?? 0), s.stopWindow, s.stopTolerance);
    }
    trainer.useAverage();
    return { epochs: history.length, history };
  } finally {
    await trainer.close();
  }
}
