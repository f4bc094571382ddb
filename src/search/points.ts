/** Small operations on evaluated point sets (rows with model values y and oracle values z). */
import { gatherRows, gatherValues } from '../core/dataset.ts';
import type { EvaluatedPoints } from './ascent.ts';
import { mergeIdentical } from './merge.ts';

/** The rows `rows` of `p`, in that order. */
export function selectPoints(p: EvaluatedPoints, d: number, rows: ArrayLike<number>): EvaluatedPoints {
  return { n: rows.length, x: gatherRows(p.x, d, rows), y: gatherValues(p.y, rows), z: gatherValues(p.z, rows) };
}

/** The rows of `a` then those of `b`. */
export function concatPoints(a: EvaluatedPoints, b: EvaluatedPoints): EvaluatedPoints {
  const cat = (u: Float64Array, v: Float64Array): Float64Array => {
    const out = new Float64Array(u.length + v.length);
    out.set(u);
    out.set(v, u.length);
    return out;
  };
  return { n: a.n + b.n, x: cat(a.x, b.x), y: cat(a.y, b.y), z: cat(a.z, b.z) };
}

/** |y - z| per row. */
export function absErrors(p: EvaluatedPoints): Float64Array {
  return Float64Array.from(p.y, (y, i) => Math.abs(y - p.z[i]!));
}

/** `p` with identical rows merged (see mergeIdentical), sorted by error, largest first. */
export function mergePoints(p: EvaluatedPoints, d: number, tolerance: number): EvaluatedPoints {
  return selectPoints(p, d, mergeIdentical(p.x, absErrors(p), p.n, d, tolerance));
}
