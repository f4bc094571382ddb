/**
 * Audits as vitest suites: `import { auditSuite } from 'regaudit/vitest'`, then
 * `auditSuite('audits/x.audit.yaml')` in a test file declares a describe for the spec, a test per run
 * (fails when the run errored, skipped when it did not finish) and a test per gate and run (fails with the
 * value and the bound), so an audit runs inside an existing vitest setup with vitest's own reporters.
 * The spec is validated while vitest collects tests; the audit runs once, in the suite's beforeAll.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport, GateResult } from './core/report.ts';
import { runAudit, type AuditOutcome, type ReporterUse } from './engine/audit.ts';
import { runMatches } from './engine/gates.ts';
import { bundledPlugins, reporterWithDefaults, type PluginRegistry } from './spec/registry.ts';
import { readSpec, type ResolvedSpec } from './spec/validate.ts';
import { describeError, gateBounds, gateVerdict, runLabel } from '../plugins/reporter/summary.ts';

/** How auditSuite runs the audit. */
export interface AuditSuiteOptions {
  /** Output root for reporters' files (`<outDir>/<spec name>/`). @default "reports" */
  readonly outDir?: string;
  /** Reporters to run besides vitest's own, by name with default options (e.g. `['json', 'html']`). @default [] */
  readonly reporters?: readonly string[];
  /** Overrides the spec's seed. */
  readonly seed?: number;
  /** Multiplies every sample count (data and attack). @default 1 */
  readonly scale?: number;
  /** Runs in flight at once. @default 1 */
  readonly jobs?: number;
  /** A previous report for baseline gates (`maxIncrease`, `maxDecrease`). */
  readonly baseline?: AuditReport;
  /** Plugins to resolve `use:` names against. @default the bundled plugins */
  readonly registry?: PluginRegistry;
  /** Milliseconds the whole audit may take. @default 1_800_000 */
  readonly timeout?: number;
}

/** The named reporters with their default options (reporterWithDefaults: exit-2 errors for unknown names or options without defaults). */
function reporterUses(registry: PluginRegistry, names: readonly string[]): ReporterUse[] {
  return names.map((name) => reporterWithDefaults(registry, name, { plugin: name, path: 'auditSuite reporters' }));
}

/** The gate results the engine will produce, in its order (gate order, then run order). */
function plannedGates(spec: ResolvedSpec): { gate: ResolvedSpec['gates'][number]; run: ResolvedSpec['runs'][number] }[] {
  return spec.gates.flatMap((gate) => spec.runs.filter((run) => runMatches(run, gate.where)).map((run) => ({ gate, run })));
}

/** Declares the tests of one audit spec (path relative to the current directory). */
export function auditSuite(file: string, options: AuditSuiteOptions = {}): void {
  const registry = options.registry ?? bundledPlugins;
  describe(file, async () => {
    let spec: ResolvedSpec;
    let reporters: ReporterUse[];
    try {
      spec = await readSpec(file, { registry, seed: options.seed, scale: options.scale });
    } catch (e) {
      test('spec is valid', () => {
        throw e;
      });
      return;
    }
    try {
      reporters = reporterUses(registry, options.reporters ?? []);
    } catch (e) {
      test('reporters are valid', () => {
        throw e;
      });
      return;
    }
    let outcome: AuditOutcome | undefined;
    let failure: unknown;
    beforeAll(async () => {
      try {
        outcome = await runAudit(spec, { outDir: options.outDir, reporters, jobs: options.jobs, baseline: options.baseline });
      } catch (e) {
        failure = e;
      }
    }, options.timeout ?? 1_800_000);
    const report = (): AuditReport => {
      if (!outcome) throw failure ?? new Error(`the audit of ${file} did not finish (see the beforeAll hook's error)`);
      return outcome.report;
    };

    describe(spec.name, () => {
      for (const plan of spec.runs) {
        test(`run ${runLabel(plan)}`, (ctx) => {
          const run = report().runs.find((r) => r.id === plan.id)!;
          if (run.status === 'skipped' || run.status === 'interrupted') ctx.skip(`run ${run.status}`);
          if (run.status === 'errored') throw new Error(`${run.id} errored: ${describeError(run)}`);
        });
      }
      plannedGates(spec).forEach(({ gate, run }, i) => {
        test(`gate ${gateBounds(gate)} [${runLabel(run)}]`, () => {
          const result: GateResult | undefined = report().gates[i];
          expect(result && { metric: result.metric, run: result.run }, 'gate results follow the spec order').toEqual({ metric: gate.metric, run: run.id });
          expect(result!.pass, gateVerdict(result!)).toBe(true);
        });
      });
    });
  });
}
