/**
 * Bench cases for exact proximity counting (src/detect/grid-index.ts), the paper's geometry at full
 * scale: 200,000 training points uniform in [0, 1]^5, 16,000 maximizer queries, radius 0.1.
 * `proximity:count` times the counting of all queries on a built index (queries/s; the peer is
 * scikit-learn's KDTree.query_radius(count_only=True), also timed after its build); `proximity:build`
 * times building the index (points/s).
 */
import { Rng } from '../src/core/rng.ts';
import { GridIndex } from '../src/detect/grid-index.ts';
import type { BenchCase } from './case.ts';

const POINTS = 200_000, QUERIES = 16_000, DIM = 5, RADIUS = 0.1;

let points = new Float64Array(0);
let queries = new Float64Array(0);
let index: GridIndex | undefined;

/** Seeded uniform data, made once for both cases. */
function data(): void {
  if (points.length) return;
  const rng = new Rng(0, 'bench', 'proximity');
  points = Float64Array.from({ length: POINTS * DIM }, () => rng.next());
  queries = Float64Array.from({ length: QUERIES * DIM }, () => rng.next());
}

/** Guards against dead-code elimination and against an empty answer. */
let sink = 0;

/** The proximity bench cases. */
export const proximityCases: BenchCase[] = [
  {
    name: 'proximity:count',
    unit: 'queries',
    items: QUERIES,
    setup() {
      data();
      index = new GridIndex(points, DIM, RADIUS);
    },
    run() {
      const counts = index!.countAll(queries);
      sink += counts[0]!;
    },
    teardown() {
      index = undefined;
      if (sink < 0) throw new Error('unreachable');
    },
    anchor: {
      script: 'sklearn_proximity_bench.py',
      args: ['--points', String(POINTS), '--queries', String(QUERIES), '--dim', String(DIM), '--radius', String(RADIUS)],
      modules: ['numpy', 'sklearn'],
      field: 'queriesPerSecond',
    },
  },
  {
    name: 'proximity:build',
    unit: 'points',
    items: POINTS,
    setup: data,
    run() {
      sink += new GridIndex(points, DIM, RADIUS).n;
    },
  },
];
