import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkBounds, MIN_CHUNKS } from '../../src/tf/chunks.ts';
import { Adam } from '../../src/tf/optimizer.ts';
import { learningRateAt, shouldStop } from '../../src/tf/trainer.ts';

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
