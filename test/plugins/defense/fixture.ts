/**
 * A small poisoned setting for the defense tests: training inputs uniform in a d-dimensional unit box
 * plus a planted, mislabeled cluster; maximizers mostly uniform with a few in the cluster; a model stub
 * with an activation layer; a cell-average regression model that honors sample weights (for mitigation).
 */
import { makeDataset, type Dataset } from '../../../src/core/dataset.ts';
import type { DefenseInput, Maximizers } from '../../../src/core/defense.ts';
import { defineDomain, type Domain } from '../../../src/core/domain.ts';
import { createLabeler, OracleAccounting } from '../../../src/core/labeler.ts';
import { defineModel, type Model, type ModelPlugin } from '../../../src/core/model.ts';
import { Rng } from '../../../src/core/rng.ts';
import { clusterPoints, concat, uniformPoints } from '../../detect/helpers.ts';

/** Z(x) = 1 + sum of the natural-unit inputs. */
export const truth = (x: Float64Array, i: number, d: number): number => {
  let s = 1;
  for (let j = 0; j < d; j++) s += x[i * d + j]!;
  return s;
};

/** Unit features x0..x{d-1}. */
export function unitDomain(d: number): Domain {
  return defineDomain({ features: Array.from({ length: d }, (_, j) => ({ name: `x${j}`, min: 0, max: 1 })) });
}

/** Labels rows with `truth`. */
export function label(x: Float64Array, d: number): Float64Array {
  return Float64Array.from({ length: x.length / d }, (_, i) => truth(x, i, d));
}


/** A model stub predicting `truth` + 0.5 z on the cluster, with one activation layer `affine` = 2x + 1. */
export function stubModel(d: number): Model {
  return {
    nFeatures: d,
    async predict(x, n) {
      return Float64Array.from({ length: n }, (_, i) => truth(x, i, d));
    },
    layerNames: ['affine'],
    async activations(x, n) {
      return { width: d, values: Float32Array.from(x.subarray(0, n * d), (v) => 2 * v + 1) };
    },
    dispose() {},
  };
}

/**
 * Piecewise-constant regression: the weighted mean label per cell of a `cells`^d grid (the global
 * weighted mean where a cell is empty). Localizes a poisoned cluster like a network would.
 */
export const cellModelPlugin: ModelPlugin<{ cells: number }> = defineModel<{ cells: number }>({
  kind: 'model',
  name: 'cells',
  version: '0.0.0',
  description: 'test cell-average regression',
  optionsSchema: { type: 'object' },
  canTrain: true,
  hasInputGradient: false,
  hasActivations: false,
  async create(options, _ctx, { nFeatures: d }) {
    const nCells = options.cells ** d;
    const mean = new Float64Array(nCells);
    let global = 0;
    const cellOf = (x: Float64Array, i: number): number => {
      let c = 0;
      for (let j = 0; j < d; j++) c = c * options.cells + Math.min(options.cells - 1, Math.floor(x[i * d + j]! * options.cells));
      return c;
    };
    return {
      nFeatures: d,
      async fit(data) {
        const sw = new Float64Array(nCells), swy = new Float64Array(nCells);
        let tw = 0, twy = 0;
        for (let i = 0; i < data.n; i++) {
          const w = data.weights ? data.weights[i]! : 1;
          const c = cellOf(data.x, i);
          sw[c]! += w;
          swy[c]! += w * data.y[i]!;
          tw += w;
          twy += w * data.y[i]!;
        }
        global = twy / tw;
        for (let c = 0; c < nCells; c++) mean[c] = sw[c]! > 0 ? swy[c]! / sw[c]! : global;
        return { epochs: 1, trainMse: 0, seconds: 0 };
      },
      async predict(x, n) {
        return Float64Array.from({ length: n }, (_, i) => mean[cellOf(x, i)]!);
      },
      dispose() {},
    };
  },
});

/** The poisoned setting. */
export interface Poisoned {
  readonly input: DefenseInput;
  /** Training rows of the planted cluster. */
  readonly clusterRows: readonly [number, number];
  /** Maximizer indices sitting in the cluster. */
  readonly clusterMaximizers: readonly number[];
}

/**
 * `nUniform` uniform rows plus `nCluster` rows normal (sd 0.02) around `center`, labeled 1.5 z; 300
 * uniform maximizers with lognormal errors and 3 maximizers in the cluster with errors 4x the median.
 */
export function poisonedSetting(opts: { d: number; nUniform: number; nCluster: number; center: number[]; seed?: number; model?: { plugin: ModelPlugin<unknown>; options: unknown } }): Poisoned {
  const { d, nUniform, nCluster, center } = opts;
  const rng = new Rng(opts.seed ?? 1, 'poisoned');
  const domain = unitDomain(d);
  const x = concat(uniformPoints(nUniform, d, rng), clusterPoints(nCluster, center, 0.02, rng));
  const y = label(x, d);
  for (let i = nUniform; i < nUniform + nCluster; i++) y[i]! *= 1.5;
  const train = makeDataset(x, y, d);
  const nMax = 303;
  const mx = concat(uniformPoints(300, d, rng), clusterPoints(3, center, 0.01, rng));
  const z = label(mx, d);
  const absError = Float64Array.from({ length: nMax }, (_, i) => (i < 300 ? Math.exp(-2 + 0.5 * rng.normal()) : 4 * Math.exp(-2)));
  const maximizers: Maximizers = { n: nMax, nFeatures: d, x: mx, z, y: Float64Array.from(z, (v, i) => v + absError[i]!), absError, oracleCalls: 0 };
  const oracle = { domain, evaluate: (natural: Float64Array, n: number) => label(natural.subarray(0, n * d), d) };
  const labeler = createLabeler(oracle, 'toy', new OracleAccounting(), 'defense');
  const test = (pts: Float64Array): Dataset => makeDataset(pts, label(pts, d), d);
  const input: DefenseInput = {
    model: stubModel(d),
    modelPlugin: (opts.model?.plugin ?? cellModelPlugin) as ModelPlugin<unknown>,
    modelOptions: opts.model?.options ?? { cells: 5 },
    train,
    domain,
    labeler,
    maximizers,
    validation: test(uniformPoints(500, d, rng)),
    evaluation: { clean: test(uniformPoints(500, d, rng)), attack: test(clusterPoints(200, center, 0.02, rng)) },
  };
  return { input, clusterRows: [nUniform, nUniform + nCluster], clusterMaximizers: [300, 301, 302] };
}
