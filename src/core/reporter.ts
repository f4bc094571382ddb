/** Reporter contract: turns runs and the finished audit into files or console output. */
import type { AuditReport, RunReport } from './report.ts';
import type { PluginBase, Logger } from './plugin.ts';

/** What reporters receive besides the report. */
export interface ReporterContext {
  /** Directory for this spec's outputs: `<out>/<spec name>/`. */
  readonly outDir: string;
  readonly log: Logger;
  /** Where console reporters write (process.stdout in the CLI). */
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** A previous report to compare against (`--baseline`), when given. */
  readonly baseline?: AuditReport;
}

/** A reporter plugin. */
export interface ReporterPlugin<Options = Record<string, unknown>> extends PluginBase<'reporter', Options> {
  /**
   * Names of top-level options that are output file paths, relative to the report directory
   * (`ctx.outDir`). The spec layer refuses a value that is absolute or leaves that directory (an
   * untrusted spec must not overwrite other files); write them with writeReportFile
   * (plugins/reporter/output.ts), which checks again.
   */
  readonly outputOptions?: readonly string[];
  /** Called when a run finishes (ok or errored), in completion order. */
  onRunEnd?(run: RunReport, options: Options, ctx: ReporterContext): void | Promise<void>;
  /** Called once with the finished (or interrupted) report; writes the reporter's output. */
  onAuditEnd(report: AuditReport, options: Options, ctx: ReporterContext): void | Promise<void>;
}

/** Defines a reporter plugin with its types checked. */
export function defineReporter<Options>(plugin: ReporterPlugin<Options>): ReporterPlugin<Options> {
  return plugin;
}
