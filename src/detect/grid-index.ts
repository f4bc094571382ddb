/**
 * Exact fixed-radius neighbour counting with a uniform grid whose cells are `radius` wide.
 *
 * Points are bucketed by cell (counting sort) and their coordinates copied into cell order, so the
 * points of neighbouring cells along the last gridded dimension are contiguous in memory. A query walks
 * only the cells whose slab distance to it is within the radius (pruned dimension by dimension) and
 * checks exact Euclidean distances (`|p - q| <= radius`). In high dimension only the dimensions with
 * the widest spread are gridded (keeping the cell count near the point count); the distance check
 * still uses every dimension, so counts stay exact.
 */

/** A built grid over `n` points of dimension `d`. */
export class GridIndex {
  /** Number of indexed points. */
  readonly n: number;
  /** Dimension of points and queries. */
  readonly d: number;
  /** The neighbourhood radius the grid was built for. */
  readonly radius: number;
  private readonly r2: number;
  /** Gridded dimensions, slowest-varying first. */
  private readonly dims: Int32Array;
  private readonly cells: Int32Array;
  private readonly strides: Int32Array;
  private readonly origin: Float64Array;
  /** starts[c]..starts[c+1] are the sorted positions of cell c's points. */
  private readonly starts: Uint32Array;
  /** Coordinates in cell order, row-major. */
  private readonly coords: Float64Array;
  /** Original row of each sorted position. */
  private readonly rows: Uint32Array;
  /** Pruning slack, so that rounding never drops a cell holding an in-radius point. */
  private readonly slack: number;
  // per-query odometer scratch (one query walks at a time)
  private readonly idx: Int32Array;
  private readonly hiIdx: Int32Array;
  private readonly gap: Float64Array;
  private readonly base: Int32Array;

  /**
   * Indexes `n` rows of `points` (row-major, `d` columns) for queries of radius `radius`.
   * `maxCells` caps the grid size (default: twice the point count, at least 1024).
   */
  constructor(points: Float64Array, d: number, radius: number, maxCells?: number) {
    if (!(radius > 0) || !Number.isFinite(radius)) throw new RangeError(`GridIndex: radius must be a positive number, got ${radius}`);
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`GridIndex: dimension must be a positive integer, got ${d}`);
    if (points.length % d !== 0) throw new RangeError(`GridIndex: ${points.length} values are not rows of ${d}`);
    const n = points.length / d;
    this.n = n;
    this.d = d;
    this.radius = radius;
    this.r2 = radius * radius;
    const lo = new Float64Array(d).fill(Infinity);
    const hi = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = points[i * d + j]!;
        if (!Number.isFinite(v)) throw new RangeError(`GridIndex: point ${i} has a non-finite coordinate ${j}`);
        if (v < lo[j]!) lo[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    }
    const cap = Math.max(1024, maxCells ?? 2 * n);
    const perDim = Array.from({ length: d }, (_, j) => (n === 0 ? 1 : Math.floor((hi[j]! - lo[j]!) / radius) + 1));
    const order = perDim.map((c, j) => ({ c, j })).sort((a, b) => b.c - a.c || a.j - b.j);
    const chosen: { c: number; j: number }[] = [];
    let total = 1;
    for (const o of order) {
      if (o.c <= 1 || total * o.c > cap) break;
      chosen.push(o);
      total *= o.c;
    }
    if (chosen.length === 0) chosen.push({ c: 1, j: 0 });
    chosen.sort((a, b) => a.j - b.j);
    const g = chosen.length;
    this.dims = Int32Array.from(chosen, (o) => o.j);
    this.cells = Int32Array.from(chosen, (o) => o.c);
    this.origin = Float64Array.from(chosen, (o) => (n === 0 ? 0 : lo[o.j]!));
    this.strides = new Int32Array(g);
    let s = 1;
    for (let k = g - 1; k >= 0; k--) {
      this.strides[k] = s;
      s *= this.cells[k]!;
    }
    const nCells = s;
    const cellOf = new Uint32Array(n);
    const starts = new Uint32Array(nCells + 1);
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let k = 0; k < g; k++) {
        const t = Math.min(this.cells[k]! - 1, Math.floor((points[i * d + this.dims[k]!]! - this.origin[k]!) / radius));
        c += t * this.strides[k]!;
      }
      cellOf[i] = c;
      starts[c + 1]!++;
    }
    for (let c = 0; c < nCells; c++) starts[c + 1]! += starts[c]!;
    const fill = starts.slice(0, nCells);
    this.coords = new Float64Array(n * d);
    this.rows = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const p = fill[cellOf[i]!]!++;
      this.rows[p] = i;
      for (let j = 0; j < d; j++) this.coords[p * d + j] = points[i * d + j]!;
    }
    this.starts = starts;
    this.slack = radius * 1e-9;
    this.idx = new Int32Array(g);
    this.hiIdx = new Int32Array(g);
    this.gap = new Float64Array(g + 1);
    this.base = new Int32Array(g + 1);
  }

  /**
   * Calls `onHit` with the sorted position of every indexed point within the radius of row `qi` of
   * `queries`; `rows` maps a sorted position back to the caller's row.
   */
  private visit(queries: Float64Array, qi: number, onHit: (pos: number) => void): void {
    const { d, r2, dims, strides, starts, coords, idx, hiIdx, gap, base } = this;
    const g = dims.length;
    const qo = qi * d;
    gap[0] = 0;
    base[0] = 0;
    if (!this.setRange(queries, qo, 0)) return;
    let k = 0;
    for (;;) {
      if (k === g - 1) {
        // the last gridded dimension has stride 1: its cells in range are one contiguous run
        const from = starts[base[k]! + idx[k]!]!, to = starts[base[k]! + hiIdx[k]! + 1]!;
        for (let p = from; p < to; p++) {
          const po = p * d;
          let s = 0;
          for (let j = 0; j < d; j++) {
            const t = coords[po + j]! - queries[qo + j]!;
            s += t * t;
          }
          if (s <= r2) onHit(p);
        }
        k--;
        if (!this.advance(k)) return;
        k = this.level;
      }
      // descend from level k at its current cell
      const t = idx[k]!;
      const q = queries[qo + dims[k]!]! - this.origin[k]!;
      const lo = t * this.radius, hi = lo + this.radius;
      const dq = Math.max(0, (q < lo ? lo - q : q > hi ? q - hi : 0) - this.slack);
      gap[k + 1] = gap[k]! + dq * dq;
      base[k + 1] = base[k]! + t * strides[k]!;
      if (this.setRange(queries, qo, k + 1)) k++;
      else {
        if (!this.advance(k)) return;
        k = this.level;
      }
    }
  }

  /** Level the last successful `advance` stopped at. */
  private level = 0;

  /** Moves the odometer to the next cell at level `k` or above; false when the walk is over. */
  private advance(k: number): boolean {
    const { idx, hiIdx } = this;
    while (k >= 0) {
      if (idx[k]! < hiIdx[k]!) {
        idx[k]!++;
        this.level = k;
        return true;
      }
      k--;
    }
    return false;
  }

  /** Sets the cell range of `level` reachable within the remaining squared budget; false when empty. */
  private setRange(queries: Float64Array, qo: number, level: number): boolean {
    const budget = this.r2 - this.gap[level]!;
    if (budget < 0) return false;
    const reach = Math.sqrt(budget) + this.slack;
    const q = queries[qo + this.dims[level]!]! - this.origin[level]!;
    const a = Math.max(0, Math.floor((q - reach) / this.radius));
    const b = Math.min(this.cells[level]! - 1, Math.floor((q + reach) / this.radius));
    this.idx[level] = a;
    this.hiIdx[level] = b;
    return a <= b;
  }

  /** Number of indexed points within the radius of each of the rows of `queries` (row-major, d columns). */
  countAll(queries: Float64Array): Uint32Array {
    const m = this.checkQueries(queries);
    const out = new Uint32Array(m);
    let c = 0;
    const hit = (): void => {
      c++;
    };
    for (const qi of this.localityOrder(queries, m)) {
      c = 0;
      this.visit(queries, qi, hit);
      out[qi] = c;
    }
    return out;
  }

  /** Rows of the indexed points within the radius of row `qi` of `queries`, ascending. */
  neighbors(queries: Float64Array, qi: number): Uint32Array {
    this.checkQueries(queries);
    const found: number[] = [];
    this.visit(queries, qi, (p) => found.push(this.rows[p]!));
    return Uint32Array.from(found).sort();
  }

  /** The union of the neighbours of rows `which` of `queries`: distinct indexed rows, ascending. */
  neighborUnion(queries: Float64Array, which: ArrayLike<number>): Uint32Array {
    this.checkQueries(queries);
    const mark = new Uint8Array(this.n);
    const hit = (p: number): void => {
      mark[this.rows[p]!] = 1;
    };
    for (let i = 0; i < which.length; i++) this.visit(queries, which[i]!, hit);
    let total = 0;
    for (let i = 0; i < this.n; i++) total += mark[i]!;
    const out = new Uint32Array(total);
    for (let i = 0, o = 0; i < this.n; i++) if (mark[i]) out[o++] = i;
    return out;
  }

  private checkQueries(queries: Float64Array): number {
    if (queries.length % this.d !== 0) throw new RangeError(`GridIndex: ${queries.length} query values are not rows of ${this.d}`);
    return queries.length / this.d;
  }

  /** Query order sorted by grid cell, so consecutive queries touch the same memory. */
  private localityOrder(queries: Float64Array, m: number): Uint32Array {
    const { d, dims, cells, strides, origin, radius } = this;
    const key = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let c = 0;
      for (let k = 0; k < dims.length; k++) {
        const t = Math.floor((queries[i * d + dims[k]!]! - origin[k]!) / radius);
        c += Math.max(0, Math.min(cells[k]! - 1, t)) * strides[k]!;
      }
      key[i] = c;
    }
    const order = new Uint32Array(m);
    for (let i = 0; i < m; i++) order[i] = i;
    return order.sort((a, b) => key[a]! - key[b]! || a - b);
  }
}
