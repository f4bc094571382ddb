/**
 * Datasets cross stage boundaries as plain typed columns: `x` row-major normalized features
 * (n rows, `nFeatures` columns) and `y` targets in the oracle's units.
 */

/** A labeled set of normalized inputs. */
export interface Dataset {
  readonly n: number;
  readonly nFeatures: number;
  /** Normalized features in [0, 1], row-major, length n * nFeatures. */
  readonly x: Float64Array;
  /** Targets in the oracle's units, length n. */
  readonly y: Float64Array;
}

/** A training set with optional per-sample weights (alpha-weighted retraining). */
export interface TrainingSet extends Dataset {
  /** Per-sample loss weights, length n; absent means all 1. */
  readonly weights?: Float64Array;
}

/** Makes a Dataset, checking the lengths agree. */
export function makeDataset(x: Float64Array, y: Float64Array, nFeatures: number): Dataset {
  const n = y.length;
  if (x.length !== n * nFeatures) throw new Error(`dataset: x has ${x.length} values, expected ${n} x ${nFeatures}`);
  return { n, nFeatures, x, y };
}

/** Rows `rows` (indices, in that order) of the row-major matrix `x` with `d` columns, copied. */
export function gatherRows(x: Float64Array, d: number, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length * d);
  for (let k = 0; k < rows.length; k++) out.set(row(x, d, rows[k]!), k * d);
  return out;
}

/** Entries `rows` (indices, in that order) of `v`, copied. */
export function gatherValues(v: Float64Array, rows: ArrayLike<number>): Float64Array {
  return Float64Array.from(rows, (r) => v[r]!);
}

/** Rows `rows` of `data`, in that order. */
export function selectRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  return { n: rows.length, nFeatures: data.nFeatures, x: gatherRows(data.x, data.nFeatures, rows), y: gatherValues(data.y, rows) };
}

/** The rows of `a` followed by those of `b`. */
export function concatDatasets(a: Dataset, b: Dataset): Dataset {
  if (a.nFeatures !== b.nFeatures) throw new Error('concatDatasets: feature counts differ');
  const x = new Float64Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Float64Array(a.n + b.n);
  y.set(a.y);
  y.set(b.y, a.n);
  return { n: a.n + b.n, nFeatures: a.nFeatures, x, y };
}

/** Row `i` of a row-major matrix as a view (no copy). */
export function row(x: Float64Array, nFeatures: number, i: number): Float64Array {
  return x.subarray(i * nFeatures, (i + 1) * nFeatures);
}
