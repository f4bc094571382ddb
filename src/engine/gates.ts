/**
 * Gates: bounds on metrics, checked per run (restricted by `where`). A failed gate is data: it is
 * recorded with the value, the bound and the run, and the report is finished.
 */
import type { AuditReport, GateResult, RunReport } from '../core/report.ts';
import { canonicalJson } from './stage-key.ts';

/** A gate as the spec declares it (see schema/audit-spec.schema.json). */
export interface GateSpec {
  readonly metric: string;
  readonly min?: number;
  readonly max?: number;
  readonly maxIncrease?: number;
  readonly maxDecrease?: number;
  readonly where?: Record<string, unknown>;
}

/** True when the run's sweep parameters equal every `where` value. */
export function runMatches(run: Pick<RunReport, 'params'>, where: Record<string, unknown> | undefined): boolean {
  return Object.entries(where ?? {}).every(([k, v]) => canonicalJson(run.params[k]) === canonicalJson(v));
}

function checkOne(gate: GateSpec, run: RunReport, baseline: AuditReport | undefined): GateResult {
  const bounds = { min: gate.min, max: gate.max, maxIncrease: gate.maxIncrease, maxDecrease: gate.maxDecrease };
  const relative = gate.maxIncrease !== undefined || gate.maxDecrease !== undefined;
  const base = relative ? baseline?.runs.find((r) => r.id === run.id)?.metrics[gate.metric] ?? null : undefined;
  const result = (value: number | null, failures: string[]): GateResult => ({
    metric: gate.metric,
    ...Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined)),
    ...(relative ? { baseline: base ?? null } : {}),
    value,
    pass: failures.length === 0,
    run: run.id,
    ...(failures.length ? { message: failures.join('; ') } : {}),
  });
  if (run.status !== 'ok') return result(null, [`${run.id} ${run.status}${run.error ? `: ${run.error.message}` : ''}`]);
  const value = run.metrics[gate.metric];
  if (value === undefined) return result(null, [`${run.id} does not report ${gate.metric}`]);
  const failures: string[] = [];
  if (gate.min !== undefined && !(value >= gate.min)) failures.push(`${gate.metric} = ${value} is below the minimum ${gate.min}`);
  if (gate.max !== undefined && !(value <= gate.max)) failures.push(`${gate.metric} = ${value} is above the maximum ${gate.max}`);
  if (relative) {
    if (base === null || base === undefined) {
      failures.push(`${gate.metric} has no baseline value for ${run.id}; relative bounds need --baseline with a report that has this run`);
    } else {
      const change = base === 0 ? (value === 0 ? 0 : Infinity * Math.sign(value)) : value / base - 1;
      if (gate.maxIncrease !== undefined && !(change <= gate.maxIncrease)) failures.push(`${gate.metric} rose ${(change * 100).toFixed(2)}% over the baseline ${base} (allowed ${(gate.maxIncrease * 100).toFixed(2)}%)`);
      if (gate.maxDecrease !== undefined && !(-change <= gate.maxDecrease)) failures.push(`${gate.metric} fell ${(-change * 100).toFixed(2)}% below the baseline ${base} (allowed ${(gate.maxDecrease * 100).toFixed(2)}%)`);
    }
  }
  return result(value, failures);
}

/** Every gate against every run it applies to, in gate order then run order. */
export function evaluateGates(gates: readonly GateSpec[], runs: readonly RunReport[], baseline?: AuditReport): GateResult[] {
  return gates.flatMap((g) => runs.filter((r) => runMatches(r, g.where)).map((r) => checkOne(g, r, baseline)));
}
