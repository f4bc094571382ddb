/**
 * The junit reporter: `<out>/<spec name>/junit.xml` for the test views of GitHub (test-reporter
 * actions), GitLab (`artifacts:reports:junit`) and Jenkins (`junit` step). One testsuite per spec; one
 * testcase per run (an `<error>` when the run errored, `<skipped>` when it did not finish) and one per
 * gate and run (a `<failure>` with the value and the bound). The XML is built with xmlbuilder2, which
 * escapes every string and replaces characters XML cannot carry.
 */
import { hostname } from 'node:os';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { AuditReport, GateResult, RunReport } from '../../../src/core/report.ts';
import { defineReporter } from '../../../src/core/reporter.ts';
import { writeReportFile } from '../output.ts';
import { formatChange, formatNumber } from '../../../src/core/format.ts';
import { changeOf, describeError, gateBounds, gateNote, gateVerdict, runLabel, runsById } from '../summary.ts';
import type { JunitOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

/** Testcase outcomes, as JUnit counts them. */
type Outcome = 'pass' | 'failure' | 'error' | 'skipped';

/** A run that did not finish normally. */
function unfinished(run: RunReport | undefined): boolean {
  return run !== undefined && (run.status === 'skipped' || run.status === 'interrupted');
}

function gateOutcome(gate: GateResult, run: RunReport | undefined): Outcome {
  if (run?.status === 'errored') return 'error';
  if (unfinished(run)) return 'skipped';
  return gate.pass ? 'pass' : 'failure';
}

function runOutcome(run: RunReport): Outcome {
  if (run.status === 'errored') return 'error';
  return unfinished(run) ? 'skipped' : 'pass';
}

/** Seconds as JUnit writes them, to the millisecond. */
function seconds(s: number): number {
  return Math.round(s * 1000) / 1000;
}

/** Attribute values stay on one line (parsers turn raw newlines in attributes into spaces anyway). */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A run's metrics, one per line, with the change against the baseline's run when there is one. */
function metricLines(run: RunReport, baseline: RunReport | undefined): string {
  return Object.entries(run.metrics)
    .map(([name, value]) => {
      const before = baseline?.metrics[name];
      const vs = before === undefined ? '' : ` (baseline ${formatNumber(before)}, ${formatChange(changeOf(value, before))})`;
      return `${name} = ${formatNumber(value)}${vs}`;
    })
    .join('\n');
}

/** Appends the outcome element (failure, error, skipped) of a testcase. */
function addOutcome(tc: XMLBuilder, outcome: Outcome, message: string, type: string, body: string): void {
  if (outcome === 'pass') return;
  if (outcome === 'skipped') {
    tc.ele('skipped', { message: oneLine(message) });
    return;
  }
  tc.ele(outcome, { message: oneLine(message), type }).txt(body);
}

/** The JUnit XML of one audit report (one testsuite), optionally comparing with a baseline report. */
export function buildJunit(report: AuditReport, baseline?: AuditReport): string {
  const runs = runsById(report);
  const baseRuns = baseline ? runsById(baseline) : new Map<string, RunReport>();
  const cases = [
    ...report.runs.map((run) => ({ kind: 'run' as const, run, outcome: runOutcome(run) })),
    ...report.gates.map((gate) => ({ kind: 'gate' as const, gate, run: runs.get(gate.run), outcome: gateOutcome(gate, runs.get(gate.run)) })),
  ];
  const count = (o: Outcome): number => cases.filter((c) => c.outcome === o).length;
  const totals = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped'), time: seconds(report.seconds) };

  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  const suites = doc.ele('testsuites', { name: 'regaudit', ...totals });
  // JUnit's timestamp is ISO 8601 without a zone (Ant's schema); report.startedAt is UTC, kept whole below.
  // id, package and hostname: attributes the strict Ant schema requires of a testsuite inside testsuites.
  const suite = suites.ele('testsuite', { name: report.name, ...totals, timestamp: report.startedAt.slice(0, 19), id: 0, package: 'regaudit', hostname: hostname() });
  const props = suite.ele('properties');
  const properties: [string, string][] = [
    ['spec', report.spec],
    ['seed', String(report.seed)],
    ['status', report.status],
    ['startedAt', report.startedAt],
    ['regaudit', report.environment.regaudit],
    ['node', report.environment.node],
  ];
  if (report.environment.backend) properties.push(['backend', report.environment.backend]);
  if (baseline) properties.push(['baseline', `${baseline.name} (${baseline.startedAt})`]);
  for (const [name, value] of properties) props.ele('property', { name, value: oneLine(value) });

  for (const c of cases) {
    if (c.kind === 'run') {
      const tc = suite.ele('testcase', { classname: report.name, name: `run ${runLabel(c.run)}`, time: seconds(c.run.seconds) });
      const why = describeError(c.run);
      addOutcome(tc, c.outcome, why, c.run.error?.code ?? c.run.status, [why, c.run.error?.cause ?? ''].filter(Boolean).join('\n'));
      const lines = metricLines(c.run, baseRuns.get(c.run.id));
      if (lines) tc.ele('system-out').txt(lines);
    } else {
      const label = c.run ? runLabel(c.run) : c.gate.run;
      const tc = suite.ele('testcase', { classname: report.name, name: `gate ${gateBounds(c.gate)} [${label}]`, time: 0 });
      const message = c.outcome === 'failure' || c.gate.verdict === 'inconclusive' ? gateVerdict(c.gate) : gateNote(c.gate, c.run);
      addOutcome(tc, c.outcome, message, c.outcome === 'error' ? (c.run?.error?.code ?? 'RUN_ERRORED') : 'gate', message);
      // JUnit has no "passed, but inconclusive": say so in the passing testcase's output
      if (c.outcome === 'pass' && c.gate.verdict === 'inconclusive') tc.ele('system-out').txt(message);
    }
  }
  return doc.end({ prettyPrint: true });
}

/** The junit reporter plugin. */
export default defineReporter<JunitOptions>({
  kind: 'reporter',
  name: 'junit',
  version: '1.0.0',
  description: 'JUnit XML (a testsuite per spec, a testcase per run and per gate) for CI test views',
  optionsSchema,
  outputOptions: ['file'],
  async onAuditEnd(report, options, ctx) {
    const path = await writeReportFile(ctx.outDir, options.file, buildJunit(report, ctx.baseline));
    ctx.log.info(`junit: wrote ${path}`);
  },
});
