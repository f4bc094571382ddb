/**
 * Chooses the data behind each figure from the report and renders it: the sweep bars (Tables 1 and 2),
 * and per run the concentration histograms (Figure 1), mitigation curves (Figures 2 and 3) and maximizer
 * projections with the backdoor box. A figure without data says why instead of drawing.
 */
import type { AuditReport, MaximizerDetail, RunDetails, RunReport } from '../../../src/core/report.ts';
import { formatNumber } from '../../../src/core/format.ts';
import { formatParam } from '../summary.ts';
import { concentrationHistogram, mitigationCurves, projectionScatter, sweepBars, type MitigationRow, type ProjectedPoint } from './charts.ts';
import type { Markup } from './markup.ts';
import { renderSvg } from './render.ts';

/** A rendered chart, or the reason there is none. */
export interface Figure {
  readonly title: string;
  readonly svg?: Markup;
  /** Shown under the chart (what was drawn), or instead of it (why there is no data). */
  readonly note?: string;
}

/** Limits on how much is drawn per run. */
export interface FigureLimits {
  /** Most points per projection; flagged maximizers are always kept. */
  readonly maxPoints: number;
  /** Most 2-D projections per run. */
  readonly maxProjections: number;
}

/** A short axis label for a run: its id and parameter values keyed by the last segment of their path. */
function shortRunLabel(run: RunReport): string {
  const params = Object.entries(run.params).map(([k, v]) => `${k.slice(k.lastIndexOf('.') + 1)}=${formatParam(v)}`);
  return [run.id, ...params].join(' · ');
}

/** Bars of one metric across the sweep's runs (runs lacking it are left out). */
export async function sweepFigure(report: AuditReport, metric: string, title: string): Promise<Figure> {
  const rows = report.runs.filter((r) => r.metrics[metric] !== undefined).map((r) => {
    const s = r.stats?.[metric];
    return { label: shortRunLabel(r), value: r.metrics[metric]!, ...(s && s.n > 1 ? { lo: s.lo, hi: s.hi } : {}) };
  });
  if (!rows.length) return { title, note: `no data: no run reports ${metric}` };
  const missing = report.runs.length - rows.length;
  return { title, svg: await renderSvg(sweepBars(metric, rows)), note: missing ? `${missing} runs without ${metric} are not drawn.` : undefined };
}

/** Figure 1 for each defense that reported concentrations. */
export async function concentrationFigures(max: MaximizerDetail | undefined): Promise<Figure[]> {
  const title = 'Training samples near each maximizer (Figure 1)';
  const defenses = Object.keys(max?.concentration ?? {});
  if (!max || !defenses.length) return [{ title, note: 'no data: no defense reported concentrations of maximizers' }];
  return Promise.all(
    defenses.map(async (name) => {
      const values = max.concentration[name]!;
      const flagged = new Set(max.flagged[name] ?? []);
      const t = `${title}: ${name}`;
      return { title: t, svg: await renderSvg(concentrationHistogram(values, flagged)), note: `${values.length} maximizers, ${flagged.size} flagged by ${name}.` };
    }),
  );
}

/** The metrics a mitigation figure plots: MSE and MAE of a data set (`clean.mse`, `attack.mae`, `validation.mse`). */
const ERROR_METRIC = /\.(mse|mae)$/;

/** Figures 2 and 3 for each defense that mitigated. */
export async function mitigationFigures(details: RunDetails | undefined): Promise<Figure[]> {
  const title = 'Test and attack error against alpha after retraining (Figures 2 and 3)';
  const curves = Object.entries(details?.mitigation ?? {}).filter(([, rows]) => rows.length);
  if (!curves.length) return [{ title, note: 'no data: no defense retrained the model' }];
  return Promise.all(
    curves.map(async ([name, points]) => {
      // Only the errors (a defense's points may also carry bookkeeping, such as round numbers and oracle calls).
      const rows: MitigationRow[] = points.flatMap((p) => Object.entries(p.metrics).filter(([metric]) => ERROR_METRIC.test(metric)).map(([metric, value]) => ({ alpha: p.alpha, variant: p.variant, metric, value })));
      const t = `${title}: ${name}`;
      return { title: t, svg: await renderSvg(mitigationCurves(rows)) };
    }),
  );
}

/** Feature pairs to project on: features the backdoor region narrows first, then the rest, in order. */
export function projectionPairs(dims: number, region: RunDetails['region'], limit: number): [number, number][] {
  const narrowed = (i: number): boolean => region !== undefined && region.upper[i]! - region.lower[i]! < 1 - 1e-9;
  const order = [...Array(dims).keys()].sort((a, b) => Number(narrowed(b)) - Number(narrowed(a)) || a - b);
  const pairs: [number, number][] = [];
  for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) pairs.push([order[i]!, order[j]!]);
  return pairs.slice(0, limit);
}

/** Indices of the maximizers to draw: all flagged ones, then an even stride through the rest, `max` at most in all. */
export function pointsToDraw(n: number, flagged: ReadonlySet<number>, max: number): number[] {
  if (n <= max) return [...Array(n).keys()];
  const keep = [...flagged].filter((i) => i < n).slice(0, max);
  const rest = [...Array(n).keys()].filter((i) => !flagged.has(i));
  const room = max - keep.length;
  for (let k = 0; k < room && rest.length; k++) keep.push(rest[Math.floor((k * rest.length) / room)]!);
  return keep.sort((a, b) => a - b);
}

/** Maximizers over 2-D projections of the domain (the backdoor box drawn when the run has one), with one note for all panels. */
export async function projectionFigures(details: RunDetails | undefined, limits: FigureLimits): Promise<{ note: string; figures: Figure[] }> {
  const max = details?.maximizers;
  if (!max || !max.x.length) return { note: 'no data: the run found or kept no maximizers', figures: [] };
  const dims = max.x[0]!.length;
  if (dims < 2) return { note: 'no data: the domain has a single feature, nothing to project', figures: [] };
  const flagged = new Set(Object.values(max.flagged).flat());
  const drawn = pointsToDraw(max.x.length, flagged, limits.maxPoints);
  const names = details.featureNames ?? [];
  const name = (i: number): string => names[i] ?? `x${i}`;
  const region = details.region;
  const shown = drawn.length === max.x.length ? `${max.x.length}` : `${drawn.length} of ${max.x.length} (all flagged kept)`;
  const note = `${shown} maximizers, ${flagged.size} flagged by any defense${region ? '; dashed box: the backdoor region' : ''}; axes are normalized features.`;
  const figures = await Promise.all(
    projectionPairs(dims, region, limits.maxProjections).map(async ([a, b]) => {
      const points: ProjectedPoint[] = drawn.map((i) => ({ x: max.x[i]![a]!, y: max.x[i]![b]!, status: flagged.has(i) ? 'flagged' : 'not flagged' }));
      const box = region && { x1: region.lower[a]!, x2: region.upper[a]!, y1: region.lower[b]!, y2: region.upper[b]! };
      return { title: `${name(a)} × ${name(b)}`, svg: await renderSvg(projectionScatter(name(a), name(b), points, box)) };
    }),
  );
  return { note, figures };
}

/** A one-line description of the backdoor region, in normalized coordinates. */
export function describeRegion(details: RunDetails): string | undefined {
  const r = details.region;
  if (!r) return undefined;
  const names = details.featureNames ?? [];
  return r.lower.map((lo, i) => `${names[i] ?? `x${i}`} ∈ [${formatNumber(lo)}, ${formatNumber(r.upper[i])}]`).join(', ');
}
