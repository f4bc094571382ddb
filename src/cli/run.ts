/**
 * `regaudit run <spec...>`: validates every spec first (exit 2 before any work), runs them, writes
 * `<out>/<spec name>/report.json` and the chosen reporters, and exits 0 (all gates pass), 1 (a gate
 * failed), 2 (bad spec or input) or 3 (a plugin or runtime failure).
 */
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { duplicateSpecName } from '../core/errors.ts';
import { countOf } from '../core/format.ts';
import { silentProgress, type Logger } from '../core/plugin.ts';
import { preflight, runAudit, type ReporterUse } from '../engine/audit.ts';
import { prepareOutDir } from '../engine/out-dir.ts';
import { isRelativeGate, type GateSpec } from '../engine/gates.ts';
import { reporterWithDefaults } from '../spec/registry.ts';
import { readSpec, type ResolvedSpec } from '../spec/validate.ts';
import type { CliContext, GlobalOptions } from './context.ts';
import { handleInterrupts } from './interrupt.ts';
import { createCliOutput } from './progress.ts';
import { checkBaselineMatches, readBaseline } from './report-file.ts';
import { addSpecOverrides, collect, pathOption, type SpecOverrides } from './option-parsers.ts';
import { loadTrustPolicy } from '../spec/trust.ts';
import { addScaleOptions, setupScale, type ScaleOptions } from './scale-options.ts';

/** Options of `regaudit run`. */
interface RunOptions extends ScaleOptions, SpecOverrides {
  out: string;
  reporter: string[];
  baseline?: string;
}

/** Reporters always run: report.json is the contract other tools read. */
const ALWAYS = ['json'];

/** The reporters named on the command line, json always included, with default options. */
export function reporterUses(ctx: CliContext, names: readonly string[]): ReporterUse[] {
  const unique = [...new Set([...names, ...ALWAYS])];
  return unique.map((name) => reporterWithDefaults(ctx.registry, name, { path: '--reporter' }));
}

/** The spec's own `reporters` (json always included), or the console reporter when it names none. */
function specReporterUses(ctx: CliContext, spec: ResolvedSpec): ReporterUse[] {
  if (!spec.reporters.length) return reporterUses(ctx, ['console']);
  const named = spec.reporters.map((r): ReporterUse => ({ plugin: r.plugin, options: r.options }));
  return [...named, ...reporterUses(ctx, []).filter((always) => !spec.reporters.some((r) => r.name === always.plugin.name))];
}

/**
 * Refuses (exit 2) two specs of one name (or one spec file given twice): their reports would overwrite
 * each other in `<out>/<name>/`.
 */
function checkDistinctNames(specs: readonly ResolvedSpec[], out: string): void {
  const seen = new Map<string, string>();
  for (const spec of specs) {
    const first = seen.get(spec.name);
    if (first !== undefined) throw duplicateSpecName(spec.name, resolve(first) === resolve(spec.file) ? spec.file : first, spec.file, join(out, spec.name));
    seen.set(spec.name, spec.file);
  }
}

/**
 * Says before any work that relative gates (maxIncrease, maxDecrease) will fail without a baseline
 * (docs/ci.md: the first release has none, and the audit still runs). A shard's gates are evaluated
 * again by merge-reports, so a shard is pointed there.
 */
export function warnRelativeGatesWithoutBaseline(specs: readonly { name: string; gates: readonly GateSpec[] }[], log: Logger, command: 'run' | 'run --shard' | 'merge-reports'): void {
  for (const spec of specs) {
    const relative = spec.gates.flatMap((g, i) => (isRelativeGate(g) ? [`gates[${i}] (${g.metric})`] : []));
    if (!relative.length) continue;
    const fix = command === 'run --shard' ? 'pass --baseline to merge-reports, which evaluates the gates of the merged shards' : `pass --baseline <a previous report.json of this spec>${command === 'merge-reports' ? ' to merge-reports' : ''}`;
    log.warn(`${spec.name}: ${relative.join(', ')} ${relative.length > 1 ? 'are' : 'is'} relative to a baseline and will fail without one; ${fix}.`);
  }
}

/** Registers the run command. */
export function registerRunCommand(program: Command, ctx: CliContext): void {
  const run = addScaleOptions(program.command('run'))
    .description('run audit specs and write <out>/<spec name>/report.json')
    .argument('<spec...>', 'audit spec files (YAML or JSON)')
    .option('--out <dir>', 'output directory', pathOption, 'reports')
    .addOption(new Option('--reporter <name>', 'reporter to run (repeatable): console, json, junit, markdown, html; json always runs').argParser(collect).default([], "the spec's `reporters`, else console"))
    .option('--baseline <report>', 'a previous report.json for relative gates (maxIncrease, maxDecrease)', pathOption);
  addSpecOverrides(run)
    .action(async (files: string[], opts: RunOptions, command: Command) => {
      const global = command.optsWithGlobals() as GlobalOptions;
      const specs: ResolvedSpec[] = [];
      const trust = await loadTrustPolicy(process.cwd(), opts);
      const specOptions = { seed: opts.seed, scale: opts.scale, repeats: opts.repeats };
      for (const file of files) specs.push(await readSpec(file, { registry: ctx.registry, ...specOptions, trust }));
      checkDistinctNames(specs, opts.out);
      // Before any work: an unknown --reporter is exit 2 with nothing checked, created or trained.
      const reporterSets = specs.map((spec) => (opts.reporter.length ? reporterUses(ctx, opts.reporter) : specReporterUses(ctx, spec)));
      const baseline = opts.baseline ? await readBaseline(opts.baseline) : undefined;
      if (baseline) checkBaselineMatches(baseline, opts.baseline!, specs.map((spec) => spec.name));
      const output = createCliOutput(ctx.stderr, global);
      if (!baseline) warnRelativeGatesWithoutBaseline(specs, output.log, opts.shard ? 'run --shard' : 'run');
      const scale = setupScale(opts, trust, ctx.registry, output.log);
      const interrupt = handleInterrupts(output.log);
      try {
        await scale.checkCache();
        await scale.checkMemory(specs);
        // Through the run's stage runner, so runs in this thread reuse the oracles preflight created.
        const checks = { runner: scale.runner, log: output.log, progress: silentProgress, signal: interrupt.signal };
        for (const spec of specs) await preflight(spec, checks);
        for (const spec of specs) await prepareOutDir(join(opts.out, spec.name), '--out');
        await scale.createCache();
        for (const [i, spec] of specs.entries()) {
          if (interrupt.signal.aborted) break;
          const shard = opts.shard ? ` (shard ${opts.shard.index}/${opts.shard.count} of ${spec.runs.length})` : '';
          output.log.info(`${spec.name}: ${countOf(scale.runsOf(spec).length, 'run')}${shard} from ${spec.file}`);
          const outcome = await runAudit(spec, { outDir: opts.out, reporters: reporterSets[i], runner: scale.runner, log: output.log, progress: output.progress, baseline, stdout: ctx.stdout, signal: interrupt.signal, ...(await scale.auditOptions(spec, specOptions)) });
          ctx.exitCode = Math.max(ctx.exitCode, outcome.exitCode);
          const cache = scale.cacheSince();
          if (cache) output.log.info(`${spec.name}: cache ${scale.cacheDir}: ${countOf(cache.read, 'stage output')} read, ${cache.computed} computed`);
        }
      } finally {
        output.stop();
        interrupt.dispose();
        await scale.close();
      }
    });
}
