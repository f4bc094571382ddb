/**
 * Small, fast stand-ins for the search tests: a 3-feature domain with a constraint, a closed-form oracle
 * with an analytic gradient, a model equal to the oracle plus a planted Gaussian bump (analytic
 * inputGradient), and a trainable kernel-regression model honoring per-sample weights.
 */
import type { Dataset, TrainingSet } from '../../src/core/dataset.ts';
import { defineDomain, type Domain } from '../../src/core/domain.ts';
import { createLabeler, OracleAccounting, type Labeler } from '../../src/core/labeler.ts';
import { defineModel, type Model } from '../../src/core/model.ts';
import type { Oracle } from '../../src/core/oracle.ts';
import { silentLogger, silentProgress, type PluginContext } from '../../src/core/plugin.ts';
import { Rng } from '../../src/core/rng.ts';

/** A test context with a seeded rng. */
export function testContext(seed = 1): PluginContext {
  return { rng: new Rng(seed, 'test'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
}

/** Features a in [0, 2], b in [0, 1], c in [-1, 1]; feasible when a <= 2 b + 0.5 (like the barrier's B < K). */
export function toyDomain(withProject = false): Domain {
  return defineDomain({
    features: [
      { name: 'a', min: 0, max: 2 },
      { name: 'b', min: 0, max: 1 },
      { name: 'c', min: -1, max: 1 },
    ],
    isFeasible: (r) => r[0]! <= 2 * r[1]! + 0.5,
    ...(withProject ? { project: (r: Float64Array) => { if (r[0]! > 2 * r[1]! + 0.5) r[0] = 2 * r[1]! + 0.5; } } : {}),
  });
}

/** Z(a, b, c) = sin(a) + b^2 + 0.5 c, in natural units, with its natural-unit gradient. */
export function toyOracle(domain: Domain, withGradient = false): Oracle {
  const evaluate = (x: Float64Array, n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!(x[i * 3]! <= 2 * x[i * 3 + 1]! + 0.5)) throw new Error(`infeasible row ${i} priced`);
      out[i] = Math.sin(x[i * 3]!) + x[i * 3 + 1]! ** 2 + 0.5 * x[i * 3 + 2]!;
    }
    return out;
  };
  const gradient = (x: Float64Array, n: number): Float64Array => {
    const g = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      g[i * 3] = Math.cos(x[i * 3]!);
      g[i * 3 + 1] = 2 * x[i * 3 + 1]!;
      g[i * 3 + 2] = 0.5;
    }
    return g;
  };
  return withGradient ? { domain, evaluate, gradient } : { domain, evaluate };
}

/** The oracle's labeler with its accounting (calls booked to stage `search`). */
export function toyLabeler(opts: { project?: boolean; gradient?: boolean } = {}): { labeler: Labeler; accounting: OracleAccounting; domain: Domain; oracle: Oracle } {
  const domain = toyDomain(opts.project);
  const oracle = toyOracle(domain, opts.gradient);
  const accounting = new OracleAccounting();
  return { labeler: createLabeler(oracle, 'toy', accounting, 'search'), accounting, domain, oracle };
}

/** Z at normalized rows, uncounted (for building test data). */
export function trueValues(domain: Domain, oracle: Oracle, x: Float64Array, n: number): Float64Array {
  return oracle.evaluate(domain.denormalize(x), n) as Float64Array;
}

/** A planted error: height * exp(-|x - center|^2 / (2 width^2)) + tilt * x_0, in normalized units. */
export interface Bump {
  readonly center: readonly number[];
  readonly height: number;
  readonly width: number;
  readonly tilt?: number;
}

/** Model Y = Z + bump, with analytic inputGradient unless `withGradient` is false. */
export function bumpModel(domain: Domain, bump: Bump, withGradient = true): Model {
  const d = domain.nFeatures;
  const spans = domain.features.map((f) => f.max - f.min);
  const bumpAt = (x: Float64Array, i: number): number => {
    let r2 = 0;
    for (let j = 0; j < d; j++) r2 += (x[i * d + j]! - bump.center[j]!) ** 2;
    return bump.height * Math.exp(-r2 / (2 * bump.width ** 2));
  };
  // The oracle formula extended beyond the constraint (models can be asked anywhere, e.g. FD probes).
  const z = (x: Float64Array, i: number): number => {
    const a = 2 * x[i * d]!, b = x[i * d + 1]!, c = -1 + 2 * x[i * d + 2]!;
    return Math.sin(a) + b * b + 0.5 * c;
  };
  const model: Model = {
    nFeatures: d,
    async predict(x, n) {
      return Float64Array.from({ length: n }, (_, i) => z(x, i) + bumpAt(x, i) + (bump.tilt ?? 0) * x[i * d]!);
    },
    dispose() {},
  };
  if (!withGradient) return model;
  return {
    ...model,
    async inputGradient(x, n) {
      const g = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        const b = bumpAt(x, i);
        const a = 2 * x[i * d]!, bb = x[i * d + 1]!;
        const dz = [Math.cos(a) * spans[0]!, 2 * bb * spans[1]!, 0.5 * spans[2]!];
        for (let j = 0; j < d; j++) g[i * d + j] = dz[j]! - (b * (x[i * d + j]! - bump.center[j]!)) / bump.width ** 2 + (j === 0 ? bump.tilt ?? 0 : 0);
      }
      return g;
    },
  };
}

/**
 * Nadaraya-Watson kernel regression: predicts the weighted mean of training labels under a Gaussian
 * kernel of bandwidth `bandwidth` times the sample weights. `fit` stores the data; with warmStart it adds
 * the new rows to those it has (fine-tuning), and `save`/`load` keep it in memory by directory name.
 */
export const kernelModelPlugin = defineModel<{ bandwidth: number }>({
  kind: 'model',
  name: 'kernel',
  version: '0.0.0',
  description: 'test-only kernel regression',
  optionsSchema: { type: 'object' },
  canTrain: true,
  hasInputGradient: false,
  hasActivations: false,
  async create(options, _ctx, shape) {
    return kernelModel(options.bandwidth, shape.nFeatures, []);
  },
  async load(dir) {
    const saved = savedKernels.get(dir);
    if (!saved) throw new Error(`no kernel model saved at ${dir}`);
    return kernelModel(saved.bandwidth, saved.d, [...saved.sets]);
  },
});

const savedKernels = new Map<string, { bandwidth: number; d: number; sets: TrainingSet[] }>();

function kernelModel(bandwidth: number, d: number, sets: TrainingSet[]): Model {
  return {
    nFeatures: d,
    async fit(data, _ctx, overrides) {
      if (!overrides?.warmStart) sets.length = 0;
      sets.push(data);
      return { epochs: 1, trainMse: 0, seconds: 0 };
    },
    async predict(x, n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let num = 0, den = 0;
        for (const s of sets) {
          for (let r = 0; r < s.n; r++) {
            let r2 = 0;
            for (let j = 0; j < d; j++) r2 += (x[i * d + j]! - s.x[r * d + j]!) ** 2;
            const w = (s.weights?.[r] ?? 1) * Math.exp(-r2 / (2 * bandwidth ** 2));
            num += w * s.y[r]!;
            den += w;
          }
        }
        out[i] = den > 0 ? num / den : 0;
      }
      return out;
    },
    async save(dir) {
      savedKernels.set(dir, { bandwidth, d, sets: [...sets] });
    },
    dispose() {},
  };
}

/** `n` uniform feasible training rows labeled by the oracle (uncounted). */
export function toyTrainingSet(domain: Domain, oracle: Oracle, n: number, seed: number): Dataset {
  const x = domain.sample(n, new Rng(seed, 'toy-train'));
  return { n, nFeatures: domain.nFeatures, x, y: trueValues(domain, oracle, x, n) };
}
