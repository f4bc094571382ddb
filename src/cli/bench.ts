/**
 * `regaudit bench [--filter S] [--json FILE] [--anchors]`: runs the tinybench cases of bench/ and prints
 * each throughput; with --anchors also runs each case's peer script (../shared/anchors, /usr/bin/python3)
 * in the same session and reports ours / anchor. --json writes {"results": [{name, throughput, unit, ...}]}.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { benchCases } from '../../bench/index.ts';
import { runAnchor, runCase, type AnchorResult, type CaseResult } from '../../bench/runner.ts';
import { invalidInput } from '../core/errors.ts';
import type { CliContext } from './context.ts';

/** The anchors directory next to the checkout (../shared/anchors from the repository root). */
const DEFAULT_ANCHORS = resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/anchors');

interface BenchFlags {
  filter?: string;
  json?: string;
  anchors?: boolean;
  anchorsDir: string;
  time: string;
  iterations: string;
}

/** A case's result with its anchor's, and the ratio ours / anchor when both were measured. */
type Row = CaseResult & { anchor?: AnchorResult & { ratio?: number } };

const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

function positive(name: string, text: string): number {
  const v = Number(text);
  if (!(v > 0)) throw invalidInput('BAD_OPTION', { path: `--${name}` }, `--${name} must be a positive number (got ${text}).`);
  return v;
}

/** Registers the bench command. */
export function registerBenchCommand(program: Command, ctx: CliContext): void {
  program
    .command('bench')
    .description('run the benchmarks (tinybench); --anchors also measures the peer each case is compared with')
    .option('--filter <text>', 'only cases whose name contains text')
    .option('--json <file>', 'write {"results": [...]} to file')
    .option('--anchors', 'also run the anchor scripts and report ours / anchor')
    .option('--anchors-dir <dir>', 'where the anchor scripts are', DEFAULT_ANCHORS)
    .option('--time <ms>', 'minimum timed milliseconds per case', '1000')
    .option('--iterations <n>', 'minimum timed runs per case', '5')
    .action(async (flags: BenchFlags) => {
      const settings = { time: positive('time', flags.time), iterations: positive('iterations', flags.iterations) };
      const cases = benchCases.filter((c) => !flags.filter || c.name.includes(flags.filter));
      if (cases.length === 0) {
        throw invalidInput('NO_BENCH', { path: '--filter' }, `no bench case matches \`${flags.filter}\`.`, `Cases: ${benchCases.map((c) => c.name).join(', ')}.`);
      }
      const rows: Row[] = [];
      const anchorRuns = new Map<string, Promise<AnchorResult>>(); // a script shared by cases runs once
      for (const c of cases) {
        const ours = await runCase(c, settings);
        const row: Row = { ...ours };
        let line = `${c.name}: ${fmt(ours.throughput)} ${c.unit}/s (±${ours.rme.toFixed(1)}%, ${ours.samples} runs)`;
        if (flags.anchors && c.anchor) {
          const key = `${c.anchor.script} ${c.anchor.args.join(' ')}`;
          if (!anchorRuns.has(key)) anchorRuns.set(key, runAnchor(c.anchor, flags.anchorsDir));
          const anchor = await anchorRuns.get(key)!;
          if ('throughput' in anchor) {
            const ratio = ours.throughput / anchor.throughput;
            row.anchor = { ...anchor, ratio };
            line += `; anchor ${anchor.script}: ${fmt(anchor.throughput)} ${c.unit}/s; ratio ${ratio.toFixed(2)}x`;
          } else {
            row.anchor = anchor;
            line += `; anchor ${anchor.script} skipped: ${anchor.skipped}`;
          }
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
