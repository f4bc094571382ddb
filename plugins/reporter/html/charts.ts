/**
 * The Vega-Lite specs of the report's charts, from plain rows (titles are the page's figure captions). Data always sits in fixed field names
 * (`label`, `value`, `x`, ...) and spec strings only ever appear as data values or titles, never as field
 * names or expressions, so no string from a spec is interpreted by Vega.
 */
import type { TopLevelSpec } from 'vega-lite';

const FLAG_COLORS = { domain: ['not flagged', 'flagged'], range: ['#8da0b3', '#d62728'] };

/** One bar of a per-run chart. */
export interface BarRow {
  readonly label: string;
  readonly value: number;
  /** The 95% interval of the value, drawn as an error bar, when the run has one (repeats). */
  readonly lo?: number;
  readonly hi?: number;
}

/** A bar per sweep row (Tables 1 and 2 as charts): one metric across runs, in sweep order. */
export function sweepBars(metric: string, rows: readonly BarRow[]): TopLevelSpec {
  const x = { field: 'label', type: 'nominal', sort: null, title: 'run', axis: { labelAngle: -40, labelLimit: 200 } };
  const bars = {
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative', title: metric },
      tooltip: [{ field: 'label', type: 'nominal' }, { field: 'value', type: 'quantitative' }, ...(rows.some((r) => r.lo !== undefined) ? [{ field: 'lo', type: 'quantitative', title: '95% lo' }, { field: 'hi', type: 'quantitative', title: '95% hi' }] : [])],
    },
  };
  // Error bars: a rule from lo to hi for the runs that have an interval.
  const errorBars = { transform: [{ filter: 'isValid(datum.lo)' }], mark: { type: 'rule', color: '#222' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } };
  return {
    width: { step: 28 },
    height: 200,
    data: { values: rows.map((r) => ({ ...r })) },
    ...(rows.some((r) => r.lo !== undefined) ? { layer: [bars, errorBars] } : bars),
  } as TopLevelSpec;
}

/** Histogram of proximal training samples (or density) per maximizer, flagged ones stacked in red (Figure 1); counts get integer bins. */
export function concentrationHistogram(values: readonly number[], flagged: ReadonlySet<number>): TopLevelSpec {
  const counts = values.every(Number.isInteger);
  const lo = values.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = values.reduce((a, b) => Math.max(a, b), -Infinity);
  // Few distinct counts: one bar per count; many: at most 40 bins, never narrower than one sample.
  const bin = counts && hi - lo < 40 ? { step: 1, extent: [lo, hi + 1] } : counts ? { maxbins: 40, minstep: 1 } : { maxbins: 40 };
  return {
    width: 420,
    height: 200,
    data: { values: values.map((value, i) => ({ value, status: flagged.has(i) ? 'flagged' : 'not flagged' })) },
    mark: 'bar',
    encoding: {
      x: { field: 'value', type: 'quantitative', bin, title: counts ? 'training samples within the radius' : 'training-sample density at the maximizer' },
      y: { aggregate: 'count', type: 'quantitative', title: 'maximizers', scale: { type: 'symlog' } },
      color: { field: 'status', type: 'nominal', title: null, scale: FLAG_COLORS },
    },
  } as TopLevelSpec;
}

/** One point of a mitigation curve. */
export interface MitigationRow {
  readonly alpha: number;
  readonly variant: string;
  readonly metric: string;
  readonly value: number;
}

/**
 * Test and attack MSE/MAE after retraining, one panel per metric (Figures 2 and 3): against the
 * weight alpha with a line per variant, or, for rounds of one alpha (variants `round-<r>`: active
 * learning), against the round.
 */
export function mitigationCurves(rows: readonly MitigationRow[]): TopLevelSpec {
  const byRound = rows.length > 0 && rows.every((r) => /^round-\d+$/.test(r.variant)) && new Set(rows.map((r) => r.alpha)).size === 1;
  const x = byRound
    ? { field: 'variant', type: 'ordinal', title: `round (alpha ${rows[0]!.alpha})`, sort: null }
    : { field: 'alpha', type: 'ordinal', title: 'alpha (weight of the training set)', sort: 'ascending' };
  return {
    data: { values: rows.map((r) => ({ ...r })) },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: null } },
    spec: {
      width: 170,
      height: 150,
      layer: [{ mark: 'line' }, { mark: { type: 'point', filled: true } }],
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        ...(byRound ? {} : { color: { field: 'variant', type: 'nominal', title: 'retrained', legend: { orient: 'bottom' } } }),
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** One maximizer in a 2-D projection. */
export interface ProjectedPoint {
  readonly x: number;
  readonly y: number;
  readonly status: 'flagged' | 'not flagged';
}

/** A box in a 2-D projection (normalized coordinates). */
export interface Box2 {
  readonly x1: number;
  readonly x2: number;
  readonly y1: number;
  readonly y2: number;
}

/** Maximizers over two normalized features, the backdoor box drawn when there is one. */
export function projectionScatter(xTitle: string, yTitle: string, points: readonly ProjectedPoint[], box?: Box2): TopLevelSpec {
  const axis = (title: string) => ({ title, scale: { domain: [0, 1], nice: false } });
  const layers: unknown[] = [
    {
      data: { values: points.map((p) => ({ ...p })) },
      mark: { type: 'point', filled: true, size: 18 },
      encoding: {
        x: { field: 'x', type: 'quantitative', ...axis(xTitle) },
        y: { field: 'y', type: 'quantitative', ...axis(yTitle) },
        color: { field: 'status', type: 'nominal', title: null, scale: FLAG_COLORS, legend: { orient: 'bottom' } },
        opacity: { condition: { test: "datum.status === 'flagged'", value: 0.95 }, value: 0.45 },
      },
    },
  ];
  if (box) {
    layers.unshift({
      data: { values: [{ ...box }] },
      mark: { type: 'rect', fill: '#d62728', fillOpacity: 0.08, stroke: '#d62728', strokeWidth: 1.5, strokeDash: [4, 2] },
      encoding: {
        x: { field: 'x1', type: 'quantitative', ...axis(xTitle) },
        x2: { field: 'x2' },
        y: { field: 'y1', type: 'quantitative', ...axis(yTitle) },
        y2: { field: 'y2' },
      },
    });
  }
  return { width: 240, height: 240, layer: layers } as TopLevelSpec;
}
