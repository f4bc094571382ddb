import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import junit, { buildJunit } from '../../../plugins/reporter/junit/index.ts';
import type { JunitOptions } from '../../../plugins/reporter/junit/options.ts';
import type { AuditReport } from '../../../src/core/report.ts';
import { schemaKeys, tempContext } from './context.ts';
import { HOSTILE, baselineReport, minimalReport, sampleReport } from './reports.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

/** Every option key of the TypeScript type (the compiler checks the list), compared with the schema below. */
const junitOptionKeys = { file: true } satisfies Record<keyof JunitOptions, true>;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testcase', 'testsuite', 'property'].includes(name), textNodeName: '#text', processEntities: true, htmlEntities: false, parseAttributeValue: false });

interface Case {
  name: string;
  classname: string;
  failure?: { message: string; '#text'?: string };
  error?: { message: string; type: string; '#text'?: string };
  skipped?: unknown;
  'system-out'?: string;
}

function parse(xml: string): { suites: Record<string, string>; suite: Record<string, string> & { properties: { property: { name: string; value: string }[] } }; cases: Case[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  const suites = doc.testsuites;
  expect(suites.testsuite).toHaveLength(1);
  const suite = suites.testsuite[0];
  return { suites, suite, cases: suite.testcase };
}

describe('junit reporter', () => {
  it('writes well-formed XML whose counts and failures agree with the report', async () => {
    const report = sampleReport();
    const ctx = await tempContext();
    await junit.onAuditEnd(report, optionsWithDefaults(junit.optionsSchema), ctx);
    const xml = await readFile(join(ctx.outDir, 'junit.xml'), 'utf8');
    const { suites, suite, cases } = parse(xml);

    // One testcase per run and per gate.
    expect(cases).toHaveLength(report.runs.length + report.gates.length);
    const failures = cases.filter((c) => c.failure);
    const errors = cases.filter((c) => c.error);
    const skipped = cases.filter((c) => c.skipped !== undefined);
    // Failing gates on runs that finished: run-1's two gates.
    expect(failures).toHaveLength(2);
    // The errored run, and its gate.
    expect(errors).toHaveLength(2);
    // The skipped run, and its gate.
    expect(skipped).toHaveLength(2);
    for (const el of [suites, suite]) {
      expect(Number(el.tests)).toBe(cases.length);
      expect(Number(el.failures)).toBe(failures.length);
      expect(Number(el.errors)).toBe(errors.length);
      expect(Number(el.skipped)).toBe(skipped.length);
    }
    expect(suite.name).toBe(report.name);
    // What the strict Ant schema requires of a testsuite inside testsuites.
    expect({ id: suite.id, package: suite.package, hostname: suite.hostname }).toEqual({ id: '0', package: 'regaudit', hostname: hostname() });

    // Failure messages carry the value and the bound, and hostile strings come back intact.
    const drift = failures.find((c) => c.name.includes('clean.mseDrift'))!;
    expect(drift.failure!.message).toContain('0.2997');
    expect(drift.failure!.message).toContain('clean.mseDrift ≤ 0.1');
    expect(drift.failure!.message).toContain(HOSTILE.script);
    expect(failures.find((c) => c.name.includes('attack.successRate'))!.failure!.message).toMatch(/attack\.successRate value 0\.9702, bound: attack\.successRate ≤ 0\.5/);
    expect(drift.name).toContain(HOSTILE.link);

    const runError = errors.find((c) => c.name.startsWith('run run-2'))!;
    expect(runError.error!.type).toBe('PLUGIN_FAILED');
    expect(runError.error!.message).toContain(HOSTILE.script);
    expect(runError.error!['#text']).toContain(HOSTILE.cdata);
    // Control characters XML cannot carry are replaced, not written raw.
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
    expect(runError.error!.message).toContain('bell\uFFFDnul\uFFFD');
    expect(cases.find((c) => c.name.startsWith('run run-0'))!.name).toContain(HOSTILE.cdata);

    const props = Object.fromEntries(suite.properties.property.map((p) => [p.name, p.value]));
    expect(props.spec).toBe(report.spec);
    expect(props.seed).toBe('42');
    expect(props.startedAt).toBe(report.startedAt);
    expect(suite.timestamp).toBe('2025-01-02T03:04:05');
  });

  it('agrees with the report gate by gate', () => {
    const report = sampleReport();
    const { cases } = parse(buildJunit(report));
    const gateCases = cases.filter((c) => c.name.startsWith('gate '));
    expect(gateCases).toHaveLength(report.gates.length);
    report.gates.forEach((g, i) => {
      const c = gateCases[i]!;
      expect(c.name).toContain(g.metric);
      expect(c.name).toContain(g.run);
      const run = report.runs.find((r) => r.id === g.run)!;
      const bad = c.failure !== undefined || c.error !== undefined || c.skipped !== undefined;
      expect(bad).toBe(!g.pass || run.status !== 'ok');
    });
  });

  it('marks a gate that passed only by `inconclusive: pass` in its testcase output', () => {
    const report = minimalReport();
    const inconclusive = { metric: 'clean.mse', max: 100, value: 118.1, lo: 88.61, hi: 147.5, on: 'upper' as const, pass: true, verdict: 'inconclusive' as const, run: report.runs[0]!.id, message: 'clean.mse upper 95% limit = 147.5 is above the maximum 100' };
    const { cases } = parse(buildJunit({ ...report, gates: [inconclusive] }));
    const c = cases.find((x) => x.name.startsWith('gate '))!;
    expect(c.failure).toBeUndefined();
    expect(c['system-out']).toContain('inconclusive, passed by `inconclusive: pass`');
  });

  it('shows baseline gates and the change of each metric against a baseline', () => {
    const report = sampleReport();
    const { suite, cases } = parse(buildJunit(report, baselineReport()));
    expect(cases.some((c) => c.name.includes('clean.mse rise ≤ +5% over baseline 0.03'))).toBe(true);
    const out = cases.find((c) => c.name.startsWith('run run-1'))!['system-out']!;
    expect(out).toContain('clean.mse = 0.0399 (baseline 0.03591, +11.11%)');
    expect(suite.properties.property.some((p) => p.name === 'baseline')).toBe(true);
  });

  it('writes a clean pass for a passing audit, to the file the options name', async () => {
    const ctx = await tempContext();
    await junit.onAuditEnd(minimalReport(), optionsWithDefaults(junit.optionsSchema, { file: 'sub/results.xml' }), ctx);
    const { suite, cases } = parse(await readFile(join(ctx.outDir, 'sub/results.xml'), 'utf8'));
    expect(cases).toHaveLength(2);
    expect(Number(suite.failures) + Number(suite.errors) + Number(suite.skipped)).toBe(0);
  });

  it('writes an empty suite for an audit that errored before any run', () => {
    const report: AuditReport = { ...minimalReport(), status: 'errored', gates: [], runs: [] };
    const { suite } = parse(buildJunit(report));
    expect(Number(suite.tests)).toBe(0);
  });

  it('declares exactly the options its interface has, all with defaults', () => {
    expect(schemaKeys(junit)).toEqual(Object.keys(junitOptionKeys).sort());
    expect(optionsWithDefaults(junit.optionsSchema)).toEqual({ file: 'junit.xml' });
    expect(() => optionsWithDefaults(junit.optionsSchema, { fiel: 'x' })).toThrow();
  });
});
