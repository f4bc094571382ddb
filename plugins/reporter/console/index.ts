/**
 * The console reporter: a line per finished run, then a compact table of runs and key metrics and the
 * gates with their verdicts. Colors (chalk) only on a TTY without NO_COLOR, unless forced.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { countOf } from '../../../src/core/format.ts';
import type { AuditReport, RunReport } from '../../../src/core/report.ts';
import { defineReporter, type ReporterContext } from '../../../src/core/reporter.ts';
import { describeError, gateVerdict, metricCell, metricColumns, runLabel } from '../summary.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

/** Resolved options of the console reporter. */
export interface ConsoleReporterOptions {
  color: 'auto' | 'always' | 'never';
  metrics: number;
}

function painter(options: ConsoleReporterOptions, ctx: ReporterContext): ChalkInstance {
  const auto = ctx.stdout.isTTY === true && !process.env.NO_COLOR;
  const on = options.color === 'always' || (options.color === 'auto' && auto);
  return new Chalk({ level: on ? 1 : 0 });
}

/** Left-aligned columns separated by two spaces. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
}

/** The summary text (no trailing newline) for `report`. */
function consoleSummary(report: AuditReport, options: ConsoleReporterOptions, c: ChalkInstance): string {
  const lines: string[] = [];
  const status = { passed: c.green('PASSED'), failed: c.red('FAILED'), errored: c.red('ERRORED'), interrupted: c.yellow('INTERRUPTED') }[report.status];
  lines.push(`${c.bold(report.name)}: ${status} (${countOf(report.runs.length, 'run')}, ${report.seconds.toFixed(1)} s)`);
  const cols = metricColumns(report, options.metrics);
  if (report.runs.length && cols.length) {
    const rows = [['run', 'status', ...cols], ...report.runs.map((r) => [runLabel(r), r.status, ...cols.map((m) => metricCell(r, m))])];
    lines.push(...table(rows).map((l, i) => (i === 0 ? c.dim(`  ${l}`) : `  ${l}`)));
  }
  for (const r of report.runs.filter((r) => r.status !== 'ok')) lines.push(c.red(`  ${r.id}: ${describeError(r)}`));
  for (const g of report.gates) lines.push(`  ${g.pass ? c.green('pass') : c.red('FAIL')} ${g.run} ${gateVerdict(g)}`);
  return lines.join('\n');
}

/** One line for a finished run. */
function runLine(run: RunReport, c: ChalkInstance): string {
  const mark = run.status === 'ok' ? c.green('ok') : c.red(run.status);
  return `${mark} ${runLabel(run)} ${c.dim(`${run.seconds.toFixed(1)} s`)}${run.status === 'ok' ? '' : ` ${describeError(run)}`}`;
}

/** The console reporter plugin. */
export default defineReporter<ConsoleReporterOptions>({
  kind: 'reporter',
  name: 'console',
  version: '1.0.0',
  description: 'Prints a line per run and a table of runs, metrics and gates',
  optionsSchema,
  onRunEnd(run, options, ctx) {
    ctx.stdout.write(`${runLine(run, painter(options, ctx))}\n`);
  },
  onAuditEnd(report, options, ctx) {
    ctx.stdout.write(`${consoleSummary(report, options, painter(options, ctx))}\n`);
  },
});
