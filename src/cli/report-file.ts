/**
 * Reads a report.json that a command takes as input (`run --baseline`, `merge-reports`' shard reports),
 * checked against schema/report.schema.json; an unreadable or invalid file is exit 2 naming the file
 * (and the field), with the command's own error builders and fix. Also the baseline's checks that
 * `run` and `merge-reports` share.
 */
import { readFile } from 'node:fs/promises';
import { baselineInvalid, baselineMismatch, baselineUnreadable, type ErrorOrigin, type RegauditError } from '../core/errors.ts';
import type { AuditReport } from '../core/report.ts';
import { schemaProblems } from '../spec/ajv.ts';
import { formatPath } from '../spec/explain.ts';
import { reportSchema } from '../spec/schemas.ts';

/** What the report is to the command, for its error messages. */
export interface ReportInput {
  /** The report in a sentence, e.g. `the baseline report`. */
  readonly what: string;
  /** The error (a builder of src/core/errors.ts) when the file cannot be read or parsed as JSON. */
  readonly unreadable: (origin: ErrorOrigin, problem: string, fix: string) => RegauditError;
  /** The error (a builder of src/core/errors.ts) when it is JSON but not a regaudit report. */
  readonly invalid: (origin: ErrorOrigin, problem: string, fix: string) => RegauditError;
  /** The fix the error suggests. */
  readonly fix: string;
}

/** The report in `file`; throws `input.unreadable` or `input.invalid` (exit 2) when it is unreadable or not a valid report. */
export async function readReportFile(file: string, input: ReportInput): Promise<AuditReport> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw input.unreadable({ file }, `cannot read ${input.what}: ${(e as Error).message}.`, input.fix);
  }
  const [first] = schemaProblems(reportSchema, parsed);
  if (first) throw input.invalid({ file, path: formatPath(first.path) }, `${input.what} is not a regaudit report: ${first.message}`, input.fix);
  return parsed as AuditReport;
}

/** Reads and validates a baseline report (exit 2 when unreadable or not a report). */
export function readBaseline(file: string): Promise<AuditReport> {
  return readReportFile(file, { what: 'the baseline report', unreadable: baselineUnreadable, invalid: baselineInvalid, fix: 'Pass a report.json written by `regaudit run`.' });
}

/**
 * Refuses (exit 2) a baseline written by another spec than those named (`specs`: spec names): runs are
 * compared by id, which only a report of the same spec shares.
 */
export function checkBaselineMatches(baseline: AuditReport, file: string, specs: readonly string[]): void {
  const other = specs.find((name) => name !== baseline.name);
  if (other !== undefined) {
    throw baselineMismatch(file, baseline.name, other);
  }
}
