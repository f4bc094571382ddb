/**
 * The json reporter: writes the report contract (src/core/report.ts, schema/report.schema.json) to
 * `<out>/<spec name>/report.json`. The CLI always runs it, since other tools read that file
 * (`merge-reports`, `--baseline`); its name is therefore not an option.
 */
import type { AuditReport } from '../../../src/core/report.ts';
import { defineReporter } from '../../../src/core/reporter.ts';
import { writeReportFile } from '../output.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

/** Resolved options of the json reporter. */
export interface JsonReporterOptions {
  indent: number;
}

/** The file the report contract is written to, in `<out>/<spec name>/`. */
const REPORT_FILE = 'report.json';

/** The report as JSON text (what report.json holds). */
function reportJson(report: AuditReport, indent = 2): string {
  return `${JSON.stringify(report, null, indent || undefined)}\n`;
}

/** The json reporter plugin. */
export default defineReporter<JsonReporterOptions>({
  kind: 'reporter',
  name: 'json',
  version: '1.0.0',
  description: 'Writes <out>/<spec name>/report.json (the report contract, schema/report.schema.json)',
  optionsSchema,
  async onAuditEnd(report, options, ctx) {
    const path = await writeReportFile(ctx.outDir, REPORT_FILE, reportJson(report, options.indent));
    ctx.log.info(`json: wrote ${path}`);
  },
});
