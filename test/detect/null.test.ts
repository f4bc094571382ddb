import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { flagMaximizers, type FlagOptions } from '../../src/detect/flag.ts';
import { GridIndex } from '../../src/detect/grid-index.ts';
import { ballFractions, countPValues, errorPValues, robustNormalUpper, typicalCount } from '../../src/detect/null.ts';
import { clusterPoints, concat, uniformPoints } from './helpers.ts';

const inCube = (row: Float64Array): boolean => row.every((v) => v >= 0 && v <= 1);

/**
 * Count p-values of maximizers against uniform training points, pooled over `reps` seeded nulls: uniform
 * maximizers, or (seeded) maximizers sitting on training rows, tested with one row discounted.
 */
function nullPValues(d: number, n: number, reps: number, seeded = false): Float64Array {
  const all: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const rng = new Rng(rep, 'null', d, n);
    const points = uniformPoints(n, d, rng);
    const index = new GridIndex(points, d, 0.1);
    const queries = seeded ? points.slice(0, 400 * d) : uniformPoints(400, d, rng);
    const r = countPValues({ index, queries, reference: uniformPoints(1000, d, rng), inside: inCube, rng, ballSamples: 256, discount: seeded ? 1 : 0 });
    all.push(...r.p);
  }
  return Float64Array.from(all);
}

const rate = (p: Float64Array, alpha: number): number => p.filter((v) => v < alpha).length / p.length;

describe('count null', () => {
  it('gives roughly uniform p-values with no concentration (false-positive rate near alpha)', () => {
    // lambda about 21 (3-D, 5,000 points) and about 1 (5-D, 20,000 points: the paper's geometry at 0.1 scale)
    for (const [d, n, seeded] of [[3, 5000, false], [5, 20000, false], [5, 20000, true]] as const) {
      const p = nullPValues(d, n, 8, seeded);
      expect(rate(p, 0.01)).toBeGreaterThan(0.003);
      expect(rate(p, 0.01)).toBeLessThan(0.02);
      expect(rate(p, 0.05)).toBeGreaterThan(0.03);
      expect(rate(p, 0.05)).toBeLessThan(0.07);
      expect(rate(p, 0.2)).toBeGreaterThan(0.16);
      expect(rate(p, 0.2)).toBeLessThan(0.24);
    }
  });

  it('corrects for the domain boundary: a corner ball expects about 1/2^d of a central one', () => {
    const f = ballFractions(Float64Array.of(0.5, 0.5, 0.5, 0, 0, 0, 0.5, 0, 0.5), 3, 0.1, inCube, new Rng(1, 'balls'), 4000);
    expect(f[0]).toBe(1);
    // 4,000 draws each: standard errors 0.005 (1/8) and 0.008 (1/2); about 4 of them allowed
    expect(Math.abs(f[1]! - 1 / 8)).toBeLessThan(0.02);
    expect(Math.abs(f[2]! - 1 / 2)).toBeLessThan(0.03);
  });

  it('gives a planted cluster tiny p-values while the typical count ignores it', () => {
    const rng = new Rng(3, 'planted');
    const d = 5;
    const points = concat(uniformPoints(20000, d, rng), clusterPoints(400, [0.5, 0.5, 0.5, 0.5, 0.5], 0.02, rng));
    const queries = concat(uniformPoints(300, d, rng), Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5, 0.52, 0.49, 0.5, 0.51, 0.5));
    // reference points include the cluster's centre: the outlier pass must drop it
    const reference = concat(uniformPoints(1000, d, rng), Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5));
    const r = countPValues({ index: new GridIndex(points, d, 0.1), queries, reference, inside: inCube, rng, ballSamples: 256, discount: 1 });
    expect(r.p[300]!).toBeLessThan(1e-100);
    expect(r.p[301]!).toBeLessThan(1e-100);
    expect(r.typical).toBeGreaterThan(0.9);
    expect(r.typical).toBeLessThan(1.3);
    expect(typicalCount(Uint32Array.of(10, 12, 9, 500), Float64Array.of(1, 1, 1, 1))).toBeCloseTo(31 / 3, 10);
  });
});

describe('error null and flagging', () => {
  const rng = new Rng(9, 'errors');
  const m = 2000;
  const absError = Float64Array.from({ length: m }, () => Math.exp(-2 + 0.5 * rng.normal()));
  absError[10] = Math.exp(-2 + 0.5 * 3.5);
  absError[11] = Math.exp(-2 + 0.5 * 0.2);
  const concentration = Float64Array.from({ length: m }, () => rng.int(5));
  concentration[10] = 900;
  concentration[11] = 800;
  concentration[12] = 700;
  const concentrationP = Float64Array.from(concentration, (c) => (c > 100 ? 1e-50 : 0.02 + 0.98 * rng.next()));
  const nullRule: FlagOptions = { rule: 'null', alpha: 0.01, errorAlpha: 0.1, correction: 'bh', errorPercentile: 98.5, concentrationPercentile: 99.9 };

  it('fits the error null to the bulk (robust to outliers)', () => {
    const e = errorPValues(absError);
    expect(e.location).toBeCloseTo(-2, 1);
    expect(e.scale).toBeCloseTo(0.5, 1);
    expect(e.p[10]!).toBeLessThan(0.001);
    const r = robustNormalUpper(Float64Array.of(1, 2), Float64Array.of(1, 1, 1));
    expect(Array.from(r.p)).toEqual([0.5, 0]);
  });

  it('null rule: flags high concentration only with a significant error', () => {
    const errorP = errorPValues(absError).p;
    expect(Array.from(flagMaximizers({ absError, concentration, concentrationP, errorP }, nullRule))).toEqual([10]);
    expect(Array.from(flagMaximizers({ absError, concentration, concentrationP, errorP }, { ...nullRule, errorAlpha: 1 }))).toEqual([10, 11, 12]);
  });

  it('null rule: multiple-testing correction removes borderline p-values that none keeps', () => {
    const p = Float64Array.from({ length: 100 }, (_, i) => (i === 0 ? 0.005 : 0.5));
    const input = { absError: new Float64Array(100).fill(1), concentration: new Float64Array(100), concentrationP: p, errorP: new Float64Array(100) };
    expect(flagMaximizers(input, { ...nullRule, correction: 'none' }).length).toBe(1);
    expect(flagMaximizers(input, { ...nullRule, correction: 'bh' }).length).toBe(0);
    expect(flagMaximizers(input, { ...nullRule, correction: 'bonferroni' }).length).toBe(0);
  });

  it('null rule: with many true flags, BH admits a marginal maximizer that Bonferroni does not', () => {
    // 300 maximizers in a backdoor cluster (counts in the hundreds: p ~ 0) and one bulk maximizer with a
    // few more rows than expected (p = 4e-4), among 1,000: BH's threshold grows with the discoveries.
    const p = Float64Array.from({ length: 1000 }, (_, i) => (i < 300 ? 1e-50 : i === 300 ? 4e-4 : 0.5));
    const input = { absError: new Float64Array(1000).fill(1), concentration: new Float64Array(1000), concentrationP: p, errorP: new Float64Array(1000) };
    expect(flagMaximizers(input, { ...nullRule, correction: 'bh' }).length).toBe(301);
    expect(flagMaximizers(input, { ...nullRule, correction: 'bonferroni' }).length).toBe(300);
  });

  it("percentile rule: the paper's error and concentration percentiles", () => {
    const errorP = new Float64Array(m).fill(1);
    const flagged = flagMaximizers({ absError, concentration, concentrationP, errorP }, { ...nullRule, rule: 'percentile' });
    expect(Array.from(flagged)).toEqual([10]);
    const loose = flagMaximizers({ absError, concentration, concentrationP, errorP }, { ...nullRule, rule: 'percentile', errorPercentile: 50 });
    expect(Array.from(loose)).toEqual([10, 11]);
  });
});
