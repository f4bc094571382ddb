/** Shared builders for the detector tests: seeded uniform points, planted clusters, a test context. */
import { silentLogger, silentProgress, type PluginContext } from '../../src/core/plugin.ts';
import { Rng } from '../../src/core/rng.ts';

/** A plugin context with a seeded rng and silent logging. */
export function detectContext(seed = 1): PluginContext {
  return { rng: new Rng(seed, 'detect-test'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
}

/** `n` points uniform in [0, 1]^d. */
export function uniformPoints(n: number, d: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n * d }, () => rng.next());
}

/** `n` points normal around `center` with standard deviation `sd`, clipped to [0, 1]. */
export function clusterPoints(n: number, center: readonly number[], sd: number, rng: Rng): Float64Array {
  const d = center.length;
  return Float64Array.from({ length: n * d }, (_, t) => Math.min(1, Math.max(0, center[t % d]! + sd * rng.normal())));
}

/** Rows of `a` followed by rows of `b`. */
export function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Exact counts and neighbour lists by brute force (the reference the index must match). */
export function bruteNeighbors(points: Float64Array, queries: Float64Array, d: number, radius: number): number[][] {
  const n = points.length / d, m = queries.length / d;
  const r2 = radius * radius;
  const out: number[][] = [];
  for (let q = 0; q < m; q++) {
    const hits: number[] = [];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = points[i * d + j]! - queries[q * d + j]!;
        s += t * t;
      }
      if (s <= r2) hits.push(i);
    }
    out.push(hits);
  }
  return out;
}
