/**
 * `regaudit merge-reports <dir>... --out DIR`: merges the reports of `regaudit run --shard i/n` (one
 * directory per shard: its `--out`, or a spec's report directory) into one report per spec, gates
 * evaluated on the merged runs, written by the chosen reporters. Exits like `run` would have (each
 * run error keeps the exit code it gives; reports written before that field existed read as 3).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { mergeInput } from '../core/errors.ts';
import type { JsonSchema } from '../core/plugin.ts';
import type { AuditReport } from '../core/report.ts';
import { runReporters } from '../engine/audit.ts';
import { prepareOutDir } from '../engine/out-dir.ts';
import { mergeReports, shardGates } from '../engine/shard.ts';
import { exitCodeOf } from '../engine/status.ts';
import { validatorFor } from '../spec/ajv.ts';
import { specSchema } from '../spec/schemas.ts';
import type { CliContext, GlobalOptions } from './context.ts';
import { collect, pathOption } from './option-parsers.ts';
import { createCliOutput } from './progress.ts';
import { checkBaselineMatches, readBaseline, readReportFile } from './report-file.ts';
import { reporterUses, warnRelativeGatesWithoutBaseline } from './run.ts';

/** The report.json files under `dir`: itself, or one level down (one per spec). */
async function reportFiles(dir: string): Promise<string[]> {
  const direct = join(dir, 'report.json');
  if (await stat(direct).then((s) => s.isFile(), () => false)) return [direct];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw mergeInput({ file: dir }, 'cannot read the directory.', 'Pass the --out directories of the shard runs.');
  });
  const files: string[] = [];
  for (const e of entries) {
    const f = join(dir, e.name, 'report.json');
    if (e.isDirectory() && (await stat(f).then((s) => s.isFile(), () => false))) files.push(f);
  }
  if (!files.length) throw mergeInput({ file: dir }, 'holds no report.json (directly or in a spec directory).', 'Pass the --out directories of the shard runs.');
  return files;
}

/** What a spec's `name` must be (schema/audit-spec.schema.json): it names the directory under --out. */
const specName = (specSchema.properties as Record<string, JsonSchema>).name!;

/**
 * A shard's report (exit 2 when unreadable or not a report). Its `name`, which names the merged report's
 * directory under --out, must be a valid spec name: the report schema allows any string, and a forged
 * one such as `../../x` would write outside --out.
 */
async function readShardReport(file: string): Promise<AuditReport> {
  const fix = 'Pass report directories written by `regaudit run --shard i/n`.';
  const report = await readReportFile(file, { what: 'the shard report', unreadable: mergeInput, invalid: mergeInput, fix });
  const validate = validatorFor(specName);
  if (!validate(report.name)) {
    const rule = `${String(specName.minLength)} to ${String(specName.maxLength)} characters matching ${String(specName.pattern)}`;
    throw mergeInput({ file, path: 'name' }, `the shard report's name ${JSON.stringify(report.name)} is not a valid spec name (${rule}), so it cannot name the merged report's directory under --out.`, fix);
  }
  return report;
}

/** Registers the merge-reports command. */
export function registerMergeReportsCommand(program: Command, ctx: CliContext): void {
  program
    .command('merge-reports')
    .description('merge the reports of `regaudit run --shard i/n` into one report per spec (gates on all runs)')
    .argument('<dir...>', 'shard output directories')
    .requiredOption('--out <dir>', 'output directory of the merged reports', pathOption)
    .addOption(new Option('--reporter <name>', "reporter to run (repeatable); json always runs (the shards' reports do not record the spec's `reporters`)").argParser(collect).default([], 'console'))
    .option('--baseline <report>', 'a previous report.json for relative gates (maxIncrease, maxDecrease)', pathOption)
    .action(async (dirs: string[], opts: { out: string; reporter: string[]; baseline?: string }, command: Command) => {
      const output = createCliOutput(ctx.stderr, command.optsWithGlobals() as GlobalOptions);
      const bySpec = new Map<string, { reports: AuditReport[]; files: string[] }>();
      for (const dir of dirs) {
        for (const file of await reportFiles(dir)) {
          const report = await readShardReport(file);
          const shards = bySpec.get(report.name) ?? { reports: [], files: [] };
          shards.reports.push(report);
          shards.files.push(file);
          bySpec.set(report.name, shards);
        }
      }
      const baseline = opts.baseline ? await readBaseline(opts.baseline) : undefined;
      if (baseline) checkBaselineMatches(baseline, opts.baseline!, [...bySpec.keys()]);
      else warnRelativeGatesWithoutBaseline([...bySpec].map(([name, { reports }]) => ({ name, gates: shardGates(reports[0]!.shard) })), output.log, 'merge-reports');
      const reporters = reporterUses(ctx, opts.reporter.length ? opts.reporter : ['console']);
      try {
        // Every spec's shards and output directory are checked before any merged report is written.
        const merged = [...bySpec].map(([name, shards]) => ({ name, shards, report: mergeReports(shards.reports, baseline, shards.files) }));
        for (const { name } of merged) await prepareOutDir(join(opts.out, name), '--out');
        for (const { name, shards, report } of merged) {
          const reporterCtx = { outDir: join(opts.out, name), log: output.log, stdout: ctx.stdout, baseline };
          await runReporters(reporters, 'onAuditEnd', report, reporterCtx);
          output.log.info(`${name}: merged ${shards.reports.length} shards, ${report.runs.length} runs: ${report.status}`);
          ctx.exitCode = Math.max(ctx.exitCode, exitCodeOf(report));
        }
      } finally {
        output.stop();
      }
    });
}
