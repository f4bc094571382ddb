/**
 * The html reporter: `<out>/<spec name>/report.html`, ONE self-contained file that works offline. Charts
 * are rendered to inline SVG at report time (figures.ts), styles are inline, and the page has no script
 * and no external resource; its Content-Security-Policy forbids both. Every string from the spec or a run
 * goes through the escaping `html` template (markup.ts).
 */
import { formatChange, formatNumber } from '../../../src/core/format.ts';
import { repeatsOf, type AuditReport, type RunReport } from '../../../src/core/report.ts';
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
  runLabel,
  type GateRow,
} from '../summary.ts';
import { concentrationFigures, describeRegion, mitigationFigures, projectionFigures, sweepFigure, type Figure } from './figures.ts';
import { html, type Markup } from './markup.ts';
import type { HtmlOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };
import { STYLE } from './style.ts';

function figure(f: Figure): Markup {
  if (!f.svg) return html`<figure class="empty"><figcaption>${f.title}</figcaption><p class="nodata">${f.note ?? 'no data'}</p></figure>`;
  return html`<figure><figcaption>${f.title}</figcaption>${f.svg}${f.note && html`<p class="note">${f.note}</p>`}</figure>`;
}

function gatesTable(report: AuditReport): Markup {
  if (!report.gates.length) return html`<p class="nodata">The spec declares no gates.</p>`;
  const { withBaseline, rows } = gateRows(report);
  const row = (g: GateRow): Markup =>
    html`<tr class="${g.pass ? 'pass' : 'fail'}"><td>${g.pass ? 'pass' : 'FAIL'}${g.inconclusive ? ' (inconclusive)' : ''}</td><td>${g.bounds}</td><td>${g.run}</td><td class="num">${g.value}</td>${withBaseline && html`<td class="num">${g.baseline}</td>`}<td>${g.note}</td></tr>`;
  return html`<table><thead><tr><th>result</th><th>gate</th><th>run</th><th>value</th>${withBaseline && html`<th>baseline</th>`}<th>note</th></tr></thead><tbody>${rows.map(row)}</tbody></table>`;
}

function runsTable(report: AuditReport): Markup {
  const params = paramColumns(report);
  const metrics = metricColumns(report, 14);
  const row = (r: RunReport): Markup =>
    html`<tr class="${r.status}"><td>${r.id}</td><td>${r.status}</td>${params.map((p) => html`<td>${p in r.params ? formatParam(r.params[p]) : ''}</td>`)}${metrics.map((m) => html`<td class="num">${metricCell(r, m)}</td>`)}<td class="num">${formatNumber(r.seconds)}</td></tr>`;
  return html`<table><thead><tr><th>run</th><th>status</th>${params.map((p) => html`<th>${p}</th>`)}${metrics.map((m) => html`<th>${m}</th>`)}<th>seconds</th></tr></thead><tbody>${report.runs.map(row)}</tbody></table>`;
}

function baselineSection(report: AuditReport, baseline: AuditReport): Markup {
  const rows = compareWithBaseline(report, baseline, metricColumns(report, 14));
  const body = rows.length
    ? html`<table><thead><tr><th>run</th><th>metric</th><th>baseline</th><th>now</th><th>change</th></tr></thead><tbody>${rows.map((b) => html`<tr><td>${b.run}</td><td>${b.metric}</td><td class="num">${formatNumber(b.baseline)}</td><td class="num">${formatNumber(b.value)}</td><td class="num">${formatChange(b.change)}</td></tr>`)}</tbody></table>`
    : html`<p class="nodata">No run of the baseline matches a run of this report by id.</p>`;
  return html`<section><h2>Compared with baseline ${baseline.name} (${baseline.startedAt})</h2>${body}</section>`;
}

async function runDetails(run: RunReport, options: HtmlOptions): Promise<Markup> {
  const d = run.details;
  const region = d && describeRegion(d);
  const projections = await projectionFigures(d, options);
  // The engine keeps chart data from the first training only; the tables above show every repeat's mean.
  const repeats = repeatsOf(run);
  const which = repeats > 1 ? html`<p class="note">Charts of repeat 0 of ${repeats} (the first training); the tables above give the mean over the repeats.</p>` : '';
  return html`<section class="run"><h3>${runLabel(run)}</h3>${which}${region && html`<p>Backdoor region (normalized): ${region}</p>`}
<div class="figs">${(await concentrationFigures(d?.maximizers)).map(figure)}</div>
<div class="figs">${(await mitigationFigures(d)).map(figure)}</div>
<h4>Local error maximizers over 2-D projections</h4><p class="${projections.figures.length ? 'note' : 'nodata'}">${projections.note}</p>
<div class="figs">${projections.figures.map(figure)}</div></section>`;
}

/** The HTML page of one audit report, optionally compared with a baseline report. */
export async function buildHtml(report: AuditReport, options: HtmlOptions, baseline?: AuditReport): Promise<string> {
  const gates = countGates(report);
  const detailed = report.runs.filter((r) => r.details);
  const drawn = detailed.slice(0, options.maxDetailRuns);
  const errored = report.runs.filter((r) => r.status === 'errored');
  const env = report.environment;
  const sweep = await Promise.all([sweepFigure(report, 'attack.successRate', 'Attack success per sweep row (Tables 1 and 2)'), sweepFigure(report, 'clean.mseDrift', 'Clean-MSE drift per sweep row (Tables 1 and 2)')]);
  const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>regaudit: ${report.name} ${report.status}</title><style>${STYLE}</style></head>
<body><header><h1>regaudit: ${report.name}</h1><span class="status ${report.status}">${report.status}</span>
<p>${gatesHeadline(gates)} · ${report.runs.length} runs${errored.length ? ` (${errored.length} errored)` : ''}</p>
<dl><dt>spec</dt><dd>${report.spec}</dd><dt>seed</dt><dd>${report.seed}</dd><dt>started</dt><dd>${report.startedAt}</dd><dt>took</dt><dd>${formatNumber(report.seconds)} s</dd>
<dt>environment</dt><dd>regaudit ${env.regaudit}, node ${env.node}${env.backend ? `, backend ${env.backend}` : ''}</dd></dl></header>
<main><section><h2>Gates</h2>${gatesTable(report)}</section>
<section><h2>Sweep</h2>${report.runs.length ? runsTable(report) : html`<p class="nodata">no runs</p>`}<div class="figs">${sweep.map(figure)}</div></section>
${baseline && baselineSection(report, baseline)}
${errored.length > 0 && html`<section><h2>Errors</h2><ul>${errored.map((r) => html`<li><b>${r.id}</b>: ${describeError(r)}${r.error?.cause && html`<br><span class="note">cause: ${r.error.cause}</span>`}</li>`)}</ul></section>`}
<section><h2>Run details</h2>${
    drawn.length
      ? (await Promise.all(drawn.map((r) => runDetails(r, options)))).concat(detailed.length > drawn.length ? [html`<p class="note">${detailed.length - drawn.length} more runs with details are not drawn (maxDetailRuns ${options.maxDetailRuns}).</p>`] : [])
      : html`<p class="nodata">no data: no run kept chart details (maximizers, region, mitigation curves).</p>`
  }</section></main>
<footer>Written by regaudit ${env.regaudit}. This file is self-contained: it loads nothing and runs no script.</footer></body></html>
`;
  return page.value;
}

/** The html reporter plugin. */
export default defineReporter<HtmlOptions>({
  kind: 'reporter',
  name: 'html',
  version: '1.0.0',
  description: 'One self-contained offline HTML page with gates, runs and charts rendered to inline SVG',
  optionsSchema,
  outputOptions: ['file'],
  async onAuditEnd(report, options, ctx) {
    const path = await writeReportFile(ctx.outDir, options.file, await buildHtml(report, options, ctx.baseline));
    ctx.log.info(`html: wrote ${path}`);
  },
});
