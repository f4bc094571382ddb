/**
 * What the reporters (console, junit, markdown, html) and src/vitest.ts say about a report, computed
 * once: gate bounds and verdicts in words, run labels, the metric columns worth showing, and the
 * comparison with a baseline report. Pure functions returning plain strings; each reporter escapes them
 * for its own format.
 */
import { formatChange, formatInterval, formatNumber, formatPercent, relativeChange } from '../../src/core/format.ts';
import type { AuditReport, GateResult, RunReport } from '../../src/core/report.ts';

/** What a gate bounds, from a spec's gate or an evaluated one. */
export type GateBounds = Pick<GateResult, 'metric' | 'min' | 'max' | 'maxIncrease' | 'maxDecrease' | 'baseline'>;

/** A gate's bounds in words: `0.1 ≤ clean.mse ≤ 0.2`, `clean.mse rise ≤ +5% over baseline 0.031`, ... */
export function gateBounds(g: GateBounds): string {
  const parts: string[] = [];
  if (g.min !== undefined && g.max !== undefined) parts.push(`${formatNumber(g.min)} ≤ ${g.metric} ≤ ${formatNumber(g.max)}`);
  else if (g.min !== undefined) parts.push(`${g.metric} ≥ ${formatNumber(g.min)}`);
  else if (g.max !== undefined) parts.push(`${g.metric} ≤ ${formatNumber(g.max)}`);
  const over = g.baseline === undefined ? '' : ` over baseline ${formatNumber(g.baseline)}`;
  if (g.maxIncrease !== undefined) parts.push(`rise ≤ ${formatChange(g.maxIncrease)}${over}`);
  if (g.maxDecrease !== undefined) parts.push(`fall ≤ ${formatPercent(g.maxDecrease)}${over}`);
  if (!parts.length) return `${g.metric}: no bound`;
  return parts[0]!.includes(g.metric) ? parts.join(', ') : `${g.metric} ${parts.join(', ')}`;
}

/** {@link relativeChange} of two report values, null when either is missing (shown as `n/a`). */
export function changeOf(value: number | null | undefined, baseline: number | null | undefined): number | null {
  if (value === null || value === undefined || baseline === null || baseline === undefined) return null;
  return relativeChange(value, baseline);
}

/** A gate's value, with its 95% interval and the end compared when the run has repeats or a Wilson interval: `0.31 [0.25, 0.37] (upper)`. */
export function gateValue(g: GateResult): string {
  const interval = g.lo !== undefined && g.hi !== undefined ? ` ${formatInterval(g.lo, g.hi)}` : '';
  const end = g.on && g.on !== 'mean' ? ` (${g.on})` : '';
  return `${formatNumber(g.value)}${interval}${end}`;
}

/**
 * A gate's verdict in one line with the value and the bound: `within` for a pass, why for a failure (the
 * engine's message when it gave one), and for an inconclusive gate that passed only by the spec's
 * `inconclusive: pass`, that it did.
 */
export function gateVerdict(g: GateResult): string {
  if (g.pass && g.verdict !== 'inconclusive') return `${g.metric} = ${gateValue(g)} within ${gateBounds(g)}`;
  if (g.pass) return `${g.metric} inconclusive, passed by \`inconclusive: pass\`: ${g.message ?? 'the interval straddles the bound'} (value ${gateValue(g)}, bound: ${gateBounds(g)})`;
  const change = g.baseline !== undefined ? ` (${formatChange(changeOf(g.value, g.baseline))} vs baseline)` : '';
  const detail = `value ${gateValue(g)}${change}, bound: ${gateBounds(g)}`;
  if (g.message) return `${g.message} (${detail})`;
  const inconclusive = g.verdict === 'inconclusive' ? 'inconclusive: the interval straddles the bound; ' : '';
  return `${g.metric} ${inconclusive}${detail}`;
}

/** A run's metric as a table cell: the value, followed by its 95% interval when the run has one (`0.31 [0.25, 0.37]`). */
export function metricCell(run: Pick<RunReport, 'metrics' | 'stats'>, metric: string): string {
  const s = run.stats?.[metric];
  const interval = s && (s.n > 1 || s.method === 'wilson') ? ` ${formatInterval(s.lo, s.hi)}` : '';
  return `${formatNumber(run.metrics[metric])}${interval}`;
}

/** A parameter value in one line (strings as they are, everything else as JSON). */
export function formatParam(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  return JSON.stringify(v) ?? String(v);
}

/** A run's sweep parameters in one line, `attack.nAttack=2000, attack.nClean=0`, or '' when none. */
function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${formatParam(v)}`)
    .join(', ');
}

/** A run's label: its id, followed by its parameters when it has any. */
export function runLabel(run: Pick<RunReport, 'id' | 'params'>): string {
  const p = formatParams(run.params);
  return p ? `${run.id} (${p})` : run.id;
}

/** The runs of a report by id. */
export function runsById(report: AuditReport): Map<string, RunReport> {
  return new Map(report.runs.map((r) => [r.id, r]));
}

/** Metrics a reader looks at first, in this order, when runs report them. */
const KEY_METRICS = ['clean.mse', 'clean.mae', 'clean.mseDrift', 'attack.successRate', 'attack.mse', 'search.maximizers', 'search.inRegion'];

/** The metric columns for a runs table: gated metrics first, then key metrics and defense rates present in some run. */
export function metricColumns(report: AuditReport, limit = 10): string[] {
  const present = new Set(report.runs.flatMap((r) => Object.keys(r.metrics)));
  const cols: string[] = [];
  const add = (m: string): void => {
    if (present.has(m) && !cols.includes(m)) cols.push(m);
  };
  report.gates.forEach((g) => add(g.metric));
  KEY_METRICS.forEach(add);
  [...present].filter((m) => /^defense\.[^.]+\.(tpr|fpr)$/.test(m)).sort().forEach(add);
  return cols.slice(0, limit);
}

/** The sweep parameter names used by any run, in first-seen order. */
export function paramColumns(report: AuditReport): string[] {
  return [...new Set(report.runs.flatMap((r) => Object.keys(r.params)))];
}

/** What to say next to a gate: why its run did not finish, or the engine's message. */
export function gateNote(g: GateResult, run: RunReport | undefined): string {
  if (run?.status === 'errored') return `run errored: ${describeError(run)}`;
  if (run && run.status !== 'ok') return `run ${run.status}`;
  return g.message ?? '';
}

/** One gate as a table row, in plain strings that each reporter escapes for its own format. */
export interface GateRow {
  readonly pass: boolean;
  readonly inconclusive: boolean;
  readonly bounds: string;
  /** The run's label, or the gate's run id when the report has no such run. */
  readonly run: string;
  readonly value: string;
  /** The baseline value, '' when the gate has none. */
  readonly baseline: string;
  readonly note: string;
}

/** The gates of a report as table rows, and whether any gate has a baseline (the table then shows that column). */
export function gateRows(report: AuditReport): { withBaseline: boolean; rows: GateRow[] } {
  const runs = runsById(report);
  const rows = report.gates.map((g): GateRow => {
    const run = runs.get(g.run);
    return {
      pass: g.pass,
      inconclusive: g.verdict === 'inconclusive',
      bounds: gateBounds(g),
      run: run ? runLabel(run) : g.run,
      value: gateValue(g),
      baseline: g.baseline === undefined ? '' : formatNumber(g.baseline),
      note: gateNote(g, run),
    };
  });
  return { withBaseline: report.gates.some((g) => g.baseline !== undefined), rows };
}

/** The one-line outcome of a report's gates, e.g. `2 of 6 gates failed`. */
export function gatesHeadline(counts: GateCounts): string {
  return counts.failed ? `${counts.failed} of ${counts.total} gates failed` : `${counts.passed} of ${counts.total} gates passed`;
}

/** Gate counts of a report. */
export interface GateCounts {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
}

/** Counts gates by outcome. */
export function countGates(report: AuditReport): GateCounts {
  const passed = report.gates.filter((g) => g.pass).length;
  return { total: report.gates.length, passed, failed: report.gates.length - passed };
}

/** One metric of one run compared with the baseline report's run of the same id. */
export interface BaselineRow {
  readonly run: string;
  readonly metric: string;
  readonly value: number;
  readonly baseline: number;
  /** value / baseline - 1, null when the baseline is 0. */
  readonly change: number | null;
}

/** Compares each shown metric of each run with the baseline's run of the same id (runs or metrics missing on either side are left out). */
export function compareWithBaseline(report: AuditReport, baseline: AuditReport, metrics: readonly string[]): BaselineRow[] {
  const before = runsById(baseline);
  const rows: BaselineRow[] = [];
  for (const run of report.runs) {
    const old = before.get(run.id);
    if (!old) continue;
    for (const metric of metrics) {
      const value = run.metrics[metric];
      const base = old.metrics[metric];
      if (value === undefined || base === undefined) continue;
      rows.push({ run: run.id, metric, value, baseline: base, change: relativeChange(value, base) });
    }
  }
  return rows;
}

/** A one-line summary of a run's error: `CODE in stage (plugin): message`. */
export function describeError(run: RunReport): string {
  const e = run.error;
  if (!e) return `run ${run.status}`;
  const where = [e.stage && `in ${e.stage}`, e.plugin && `(${e.plugin})`].filter(Boolean).join(' ');
  return `${e.code}${where ? ` ${where}` : ''}: ${e.message}`;
}
