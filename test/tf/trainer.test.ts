import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { initTf } from '../../src/tf/backend.ts';
import { chunkBounds, MIN_CHUNKS, sharedFloat32 } from '../../src/tf/chunks.ts';
import { initParams, paramLayout } from '../../src/tf/mlp-math.ts';
import { Adam } from '../../src/tf/optimizer.ts';
import { learningRateAt, shouldStop, train, type TrainSettings } from '../../src/tf/trainer.ts';
import { WeightAverage } from '../../src/tf/weight-average.ts';

describe('training schedule', () => {
  it('divides the learning rate by 10 every 50 epochs (the paper) and keeps it with lrDropEvery 0', () => {
    const s = { learningRate: 0.01, lrDropEvery: 50, lrDropFactor: 0.1 };
    expect([0, 49, 50, 99, 100].map((e) => learningRateAt(s, e))).toEqual([0.01, 0.01, 0.01 * 0.1, 0.01 * 0.1, 0.01 * 0.1 ** 2]);
    expect(learningRateAt({ ...s, lrDropEvery: 0 }, 500)).toBe(0.01);
  });

  it('stops only when each of the last `window` relative changes is below the tolerance', () => {
    const flat = [1, 0.5, 0.4, 0.3999, 0.3998, 0.3997];
    expect(shouldStop(flat, 3, 0.001)).toBe(true);
    expect(shouldStop(flat, 4, 0.001)).toBe(false);
    expect(shouldStop(flat.slice(0, 5), 3, 0.001)).toBe(false);
    expect(shouldStop([1, 1, 1], 0, 0.001)).toBe(false);
    expect(shouldStop([1, 1.0005, 1], 2, 0.001)).toBe(true);
  });
});

describe('chunks', () => {
  it('cover the batch in order with at least two chunks of at most chunkRows rows (property)', () => {
    fc.assert(fc.property(fc.nat(1000), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 16, max: 512 }), (start, b, rows) => {
      const bounds = chunkBounds(start, start + b, rows);
      expect(bounds[0]![0]).toBe(start);
      expect(bounds.at(-1)![1]).toBe(start + b);
      for (let c = 1; c < bounds.length; c++) expect(bounds[c]![0]).toBe(bounds[c - 1]![1]);
      for (const [f, t] of bounds) {
        expect(t).toBeGreaterThan(f);
        expect(t - f).toBeLessThanOrEqual(Math.max(rows, Math.ceil(b / MIN_CHUNKS)));
      }
      expect(bounds.length).toBe(Math.min(b, Math.max(MIN_CHUNKS, Math.ceil(b / rows))));
    }));
  });
});

describe('Adam', () => {
  it('first step moves each parameter by lr against the gradient sign (bias-corrected)', () => {
    const p = Float32Array.from([1, -2, 3]);
    new Adam(3).step(p, Float32Array.from([0.5, -4, 0]), 0.1);
    expect(p[0]).toBeCloseTo(0.9, 6);
    expect(p[1]).toBeCloseTo(-1.9, 6);
    expect(p[2]).toBe(3);
  });
});

describe('weight average', () => {
  it('is the bias-corrected moving average of the iterates: the initial weights take no part', () => {
    const p = Float32Array.from([10, 10]);
    const average = new WeightAverage(2, 0.5);
    average.writeTo(p);
    expect(Array.from(p)).toEqual([10, 10]);
    average.update(Float32Array.from([1, -2]));
    average.writeTo(p);
    expect(Array.from(p)).toEqual([1, -2]);
    average.update(Float32Array.from([4, 4]));
    average.writeTo(p);
    // (0.5 * 0.5 * p1 + 0.5 * p2) / (1 - 0.25) = (p1 + 2 p2) / 3
    expect(Array.from(p)).toEqual([3, 2]);
    expect(() => new WeightAverage(2, 1)).toThrow(/decay/);
  });

  it('train ends on the average of its steps, also when it stops early (full batch: one step per epoch)', async () => {
    await initTf();
    const layout = paramLayout(2, [8]);
    const rng = new Rng(3, 'ema-test');
    const n = 64, data = { n, nFeatures: 2, x: sharedFloat32(n * 2), y: sharedFloat32(n), w: sharedFloat32(n).fill(1) };
    for (let i = 0; i < n; i++) {
      data.x[2 * i] = rng.next();
      data.x[2 * i + 1] = rng.next();
      data.y[i] = Math.sin(3 * data.x[2 * i]!) - data.x[2 * i + 1]!;
    }
    const initial = initParams(layout, rng.fork('init'));
    const settings: TrainSettings = {
      optimizer: 'adam', learningRate: 0.05, lrDropEvery: 0, lrDropFactor: 1, maxEpochs: 1, emaDecay: 0, stopWindow: 0, stopTolerance: 0,
      batchSize: 'full', chunkRows: 8192, threads: 1, engine: 'tfjs',
    };
    const trained = async (s: Partial<TrainSettings>): Promise<Float32Array> => {
      const params = sharedFloat32(layout.size);
      params.set(initial);
      await train(layout, params, data, { ...settings, ...s }, { rng, signal: new AbortController().signal });
      return params;
    };
    const [p1, p2] = [await trained({}), await trained({ maxEpochs: 2 })];
    expect(p2).not.toEqual(p1);
    // A stop rule that holds after two epochs (any change is below a tolerance of 1e9).
    const stopsAfterTwo = { maxEpochs: 10, stopWindow: 1, stopTolerance: 1e9 };
    for (const averaged of [await trained({ maxEpochs: 2, emaDecay: 0.9 }), await trained({ ...stopsAfterTwo, emaDecay: 0.9 })]) {
      // Two steps: (0.9 * 0.1 * p1 + 0.1 * p2) / (1 - 0.81) = (0.9 p1 + p2) / 1.9
      for (let i = 0; i < layout.size; i++) expect(averaged[i]).toBeCloseTo((0.9 * p1[i]! + p2[i]!) / 1.9, 6);
    }
    expect(await trained(stopsAfterTwo)).toEqual(p2);
    // Mini-batches: one update per optimizer step (4 batches of 16 rows, 3 epochs), not per epoch.
    const update = vi.spyOn(WeightAverage.prototype, 'update');
    await trained({ batchSize: 16, maxEpochs: 3, emaDecay: 0.9 });
    expect(update).toHaveBeenCalledTimes(12);
    update.mockRestore();
  });
});
