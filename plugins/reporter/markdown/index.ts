/**
 * The markdown reporter: `<out>/<spec name>/summary.md`, a summary of gates, runs, the baseline comparison
 * and errors for a pull request or a job summary; appended to $GITHUB_STEP_SUMMARY when that is set. Every
 * string from the spec or the run (names, parameters, messages) goes through escapeMarkdown.
 */
import { appendFile } from 'node:fs/promises';
import { formatChange, formatNumber } from '../../../src/core/format.ts';
import type { AuditReport } from '../../../src/core/report.ts';
import { defineReporter } from '../../../src/core/reporter.ts';
import { writeReportFile } from '../output.ts';
import {
  compareWithBaseline,
  countGates,
  describeError,
  formatParam,
  gateRows,
  gatesHeadline,
  metricCell,
  metricColumns,
  paramColumns,
  type GateRow,
} from '../summary.ts';
import { escapeMarkdown as md } from './escape.ts';
import type { MarkdownOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

const ICON = { passed: '✅', failed: '❌', errored: '💥', interrupted: '⏸️' } as const;

/** A GFM table from a header row and body rows of already-escaped cells. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)];
}

function gateTable(report: AuditReport): string[] {
  const { withBaseline, rows } = gateRows(report);
  const head = ['', 'Gate', 'Run', 'Value', ...(withBaseline ? ['Baseline'] : []), 'Note'];
  const row = (g: GateRow): string[] => [`${g.pass ? '✅' : '❌'}${g.inconclusive ? ' inconclusive' : ''}`, md(g.bounds), md(g.run), g.value, ...(withBaseline ? [g.baseline] : []), md(g.note)];
  return table(head, rows.map(row));
}

function runRows(report: AuditReport, maxRuns: number): string[] {
  const params = paramColumns(report);
  const metrics = metricColumns(report, 12);
  const shown = report.runs.slice(0, maxRuns);
  const rows = shown.map((r) => [
    md(r.id),
    r.status === 'ok' ? 'ok' : `**${md(r.status)}**`,
    ...params.map((p) => (p in r.params ? md(formatParam(r.params[p])) : '')),
    ...metrics.map((m) => metricCell(r, m)),
  ]);
  const lines = table(['Run', 'Status', ...params.map(md), ...metrics.map(md)], rows);
  if (report.runs.length > shown.length) lines.push('', `…and ${report.runs.length - shown.length} more runs (see report.json).`);
  return lines;
}

function baselineRows(report: AuditReport, baseline: AuditReport): string[] {
  const rows = compareWithBaseline(report, baseline, metricColumns(report, 12));
  const title = `### Compared with baseline ${md(baseline.name)} (${md(baseline.startedAt)})`;
  if (!rows.length) return [title, '', 'No run of the baseline matches a run of this report by id.'];
  return [title, '', ...table(['Run', 'Metric', 'Baseline', 'Now', 'Change'], rows.map((b) => [md(b.run), md(b.metric), formatNumber(b.baseline), formatNumber(b.value), formatChange(b.change)]))];
}

/** The Markdown summary of one audit report, optionally compared with a baseline report. */
export function buildMarkdown(report: AuditReport, options: Pick<MarkdownOptions, 'maxRuns'>, baseline?: AuditReport): string {
  const gates = countGates(report);
  const errored = report.runs.filter((r) => r.status === 'errored');
  const unfinished = report.runs.filter((r) => r.status === 'skipped' || r.status === 'interrupted').length;
  const runNote = [errored.length && `${errored.length} errored`, unfinished && `${unfinished} not finished`].filter(Boolean).join(', ');
  const out = [
    `## ${ICON[report.status]} regaudit: ${md(report.name)} ${report.status}`,
    '',
    [
      gates.failed ? `**${gatesHeadline(gates)}**` : gatesHeadline(gates),
      `${report.runs.length} runs${runNote ? ` (${runNote})` : ''}`,
      `seed ${report.seed}`,
      `${formatNumber(report.seconds)} s`,
      `spec ${md(report.spec)}`,
    ].join(' · '),
    '',
  ];
  if (report.gates.length) out.push('### Gates', '', ...gateTable(report), '');
  if (report.runs.length) out.push('### Runs', '', ...runRows(report, options.maxRuns), '');
  if (baseline) out.push(...baselineRows(report, baseline), '');
  if (errored.length) out.push('### Errors', '', ...errored.map((r) => `- ${md(r.id)}: ${md(describeError(r))}`), '');
  return out.join('\n');
}

/** The markdown reporter plugin. */
export default defineReporter<MarkdownOptions>({
  kind: 'reporter',
  name: 'markdown',
  version: '1.0.0',
  description: 'Markdown summary of gates and runs; appended to $GITHUB_STEP_SUMMARY when set',
  optionsSchema,
  outputOptions: ['file'],
  async onAuditEnd(report, options, ctx) {
    const text = buildMarkdown(report, options, ctx.baseline);
    const path = await writeReportFile(ctx.outDir, options.file, text);
    ctx.log.info(`markdown: wrote ${path}`);
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (options.stepSummary && summary) {
      await appendFile(summary, `${text}\n`, 'utf8');
      ctx.log.info(`markdown: appended the summary to $GITHUB_STEP_SUMMARY`);
    }
  },
});
