/**
 * An audit's status from its runs and gates, and the exit code it gives: for a run audit (audit.ts),
 * merged shards (shard.ts) and `merge-reports`.
 */
import { ExitCode, type ExitCodeValue } from '../core/errors.ts';
import type { AuditReport, AuditStatus, RunReport } from '../core/report.ts';

/** The audit's status from its runs and gates. */
export function statusOf(runs: readonly RunReport[], gatesPass: boolean, interrupted: boolean): AuditStatus {
  if (interrupted) return 'interrupted';
  if (runs.some((r) => r.status === 'errored')) return 'errored';
  return gatesPass ? 'passed' : 'failed';
}

/**
 * 0 when every gate passed, 1 when a gate failed, 3 when a run errored (2 when every run error was bad
 * input, such as an unreadable CSV: `error.exitCode` 2), 3 when interrupted. Read from the report alone,
 * so merged shard reports exit as the run would have.
 */
export function exitCodeOf(report: AuditReport): ExitCodeValue {
  if (report.status === 'interrupted') return ExitCode.runtime;
  if (report.status === 'errored') {
    const errors = report.runs.filter((r) => r.status === 'errored').map((r) => r.error);
    const allBadInput = errors.length > 0 && errors.every((e) => e?.exitCode === ExitCode.badInput);
    return allBadInput ? ExitCode.badInput : ExitCode.runtime;
  }
  return report.status === 'failed' ? ExitCode.gateFailed : ExitCode.ok;
}
