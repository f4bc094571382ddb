/**
 * `regaudit bench [--filter S] [--json FILE] [--anchors]`: runs the tinybench cases of bench/ and prints
 * each throughput; with --anchors also runs each case's peer script (../shared/anchors, /usr/bin/python3)
 * in the same session and reports ours / anchor. With --rounds N, case and anchor alternate N times and the
 * median of the N ratios is reported (on a shared machine the load drifts between the two measurements).
 * --json writes {"date", "machine", "results": [{name, throughput, unit, ...}]}.
 */
import { writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { benchCases } from '../../bench/index.ts';
import { runAnchor, runCase, type AnchorResult, type CaseResult } from '../../bench/runner.ts';
import { noAnchorsDir, noBench, outDir } from '../core/errors.ts';
import { prepareOutDir } from '../engine/out-dir.ts';
import { quantile } from '../stats/quantile.ts';
import type { CliContext } from './context.ts';
import { intOption, numberOption, pathOption } from './option-parsers.ts';

/** The anchors directory next to the checkout (../shared/anchors from the repository root). */
const DEFAULT_ANCHORS = resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/anchors');

interface BenchFlags {
  filter?: string;
  json?: string;
  anchors?: boolean;
  anchorsDir: string;
  time: number;
  iterations: number;
  rounds: number;
}

/** A case's result (median round) with its anchor's, and the median ratio ours / anchor over the rounds. */
type Row = CaseResult & { rounds?: { ours: number; anchor?: number; ratio?: number }[]; anchor?: AnchorResult & { ratio?: number } };


const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

const millisecondsOption = numberOption((ms) => ms > 0, 'milliseconds > 0');

/** Checks before any case runs that `--json FILE` can be written: its directory is created and writable, the file is no directory (OUT_DIR, exit 2). */
async function prepareJsonFile(file: string): Promise<void> {
  await prepareOutDir(dirname(resolve(file)), '--json');
  if (await stat(file).then((s) => s.isDirectory(), () => false)) throw outDir('--json', file, 'it is a directory; --json names the file to write');
}

/** Registers the bench command. */
export function registerBenchCommand(program: Command, ctx: CliContext): void {
  program
    .command('bench')
    .description('run the benchmarks (tinybench); --anchors also measures the peer each case is compared with')
    .option('--filter <text>', 'only cases whose name contains text')
    .option('--json <file>', 'write {"date", "machine", "results": [...]} to file', pathOption)
    .option('--anchors', 'also run the anchor scripts and report ours / anchor')
    .option('--anchors-dir <dir>', 'where the anchor scripts are', DEFAULT_ANCHORS)
    .option('--time <ms>', 'minimum timed milliseconds per case', millisecondsOption, 1000)
    .option('--iterations <n>', 'minimum timed runs per case', intOption(1, 1_000_000), 5)
    .option('--rounds <n>', 'alternate case and anchor n times; report the median ratio', intOption(1, 1000), 1)
    .action(async (flags: BenchFlags) => {
      const settings = { time: flags.time, iterations: flags.iterations };
      const cases = benchCases.filter((c) => !flags.filter || c.name.includes(flags.filter));
      if (cases.length === 0) {
        throw noBench(String(flags.filter), benchCases.map((c) => c.name));
      }
      if (flags.anchors && !(await stat(flags.anchorsDir).then((s) => s.isDirectory(), () => false))) throw noAnchorsDir(flags.anchorsDir);
      if (flags.json) await prepareJsonFile(flags.json);
      const { rounds } = flags;
      const rows: Row[] = [];
      for (const c of cases) {
        const measured: { ours: CaseResult; anchor?: AnchorResult }[] = [];
        for (let r = 0; r < rounds; r++) {
          const ours = await runCase(c, settings);
          const anchor = flags.anchors && c.anchor ? await runAnchor(c.anchor, flags.anchorsDir) : undefined;
          measured.push({ ours, anchor });
          if (anchor && 'skipped' in anchor) break; // a missing anchor stays missing
        }
        const mid = [...measured].sort((a, b) => a.ours.throughput - b.ours.throughput)[(measured.length - 1) >> 1]!.ours;
        const perRound = measured.map(({ ours, anchor }) => {
          const a = anchor && 'throughput' in anchor ? anchor.throughput : undefined;
          return { ours: ours.throughput, anchor: a, ratio: a === undefined ? undefined : ours.throughput / a };
        });
        const row: Row = { ...mid, rounds: perRound };
        let line = `${c.name}: ${fmt(mid.throughput)} ${c.unit}/s (±${mid.rme.toFixed(1)}%, ${mid.samples} runs${rounds > 1 ? `, median of ${measured.length} rounds` : ''})`;
        const last = measured[measured.length - 1]!.anchor;
        if (last && 'skipped' in last) {
          row.anchor = last;
          line += `; anchor ${last.script} skipped: ${last.skipped}`;
        } else if (last) {
          const ratios = perRound.map((p) => p.ratio!);
          const anchorMid = quantile(perRound.map((p) => p.anchor!), 0.5);
          const ratio = quantile(ratios, 0.5);
          row.anchor = { ...last, throughput: anchorMid, ratio };
          line += `; anchor ${last.script}: ${fmt(anchorMid)} ${c.unit}/s; ratio ${ratio.toFixed(2)}x`;
          if (rounds > 1) line += ` (rounds: ${ratios.map((x) => x.toFixed(2)).join(', ')})`;
        }
        ctx.stdout.write(`${line}\n`);
        rows.push(row);
      }
      if (flags.json) {
        const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', platform: process.platform };
        writeFileSync(flags.json, `${JSON.stringify({ date: new Date().toISOString(), machine, results: rows }, null, 2)}\n`);
      }
    });
}
