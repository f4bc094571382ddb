/**
 * `regaudit oracle <name> [--input FILE|-] [--option key=value]...`: prices contract records with an
 * oracle's `evaluateRecords` hook. JSON Lines in, JSON Lines out, one output line per input line, in order;
 * a bad line gets `{"error": "line N: <why>"}` and the others are still priced; the exit code is then 2.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { badInputFile, badOption, ExitCode, noRecords } from '../core/errors.ts';
import { countOf } from '../core/format.ts';
import type { OraclePlugin, RecordResult } from '../core/oracle.ts';
import { silentProgress, type PluginContext } from '../core/plugin.ts';
import { Rng } from '../core/rng.ts';
import { checkedPluginOptions } from '../spec/ajv.ts';
import { resolvePlugin } from '../spec/registry.ts';
import type { CliContext } from './context.ts';
import { collect } from './option-parsers.ts';
import { createCliOutput } from './progress.ts';

/** Records priced per call of the hook (bounds memory on long inputs). */
const BATCH = 4096;

/** `key=value` pairs to an options object; values are JSON when they parse (numbers, booleans, arrays), else strings. */
function parseOptionPairs(pairs: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw badOption({ path: '--option' }, `\`${pair}\` is not key=value.`, 'Write for example `--option paths=100000`.');
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare word such as down-out-put stays a string
    }
    options[pair.slice(0, eq)] = value;
  }
  return options;
}

/** Validates raw options against the plugin's schema, filling the defaults; exit 2 on a bad option. */
function resolveOptions(plugin: OraclePlugin<unknown>, raw: Record<string, unknown>): unknown {
  return checkedPluginOptions(plugin, raw, ['option'], (origin, problem) => badOption(origin, problem, 'Run `regaudit plugins` for the oracle\'s options.'));
}

/**
 * Watches `out` for its end: a destroyed stream, or a `close` event, which stdout emits (without being
 * destroyed) after each write to a pipe whose reader went away (`| head`; main.ts drops the EPIPE).
 */
function watchClose(out: NodeJS.WritableStream): { closed(): boolean; drained(): Promise<void>; dispose(): void } {
  let closed = (out as NodeJS.WritableStream & { destroyed?: boolean }).destroyed === true;
  const onClose = (): void => {
    closed = true;
  };
  out.on('close', onClose);
  return {
    closed: () => closed,
    /** Resolves when `out` has drained, or once it is closed and never will. */
    drained: () =>
      closed
        ? Promise.resolve()
        : new Promise((resolve) => {
            const done = (): void => {
              out.off('drain', done);
              out.off('close', done);
              resolve();
            };
            out.once('drain', done);
            out.once('close', done);
          }),
    dispose: () => out.off('close', onClose),
  };
}

/** Streams JSON Lines from `lines` through the oracle and writes one result line per input line; how many lines there were and how many got an error line. */
async function priceLines(plugin: OraclePlugin<unknown>, options: unknown, lines: AsyncIterable<string>, out: NodeJS.WritableStream, ctx: PluginContext): Promise<{ lines: number; failed: number }> {
  const evaluate = plugin.evaluateRecords;
  if (!evaluate) {
    throw noRecords(plugin.name);
  }
  let failed = 0, lineNo = 0;
  const watch = watchClose(out);
  let pending: { line: number; record?: unknown; error?: string }[] = [];
  const flush = async (): Promise<void> => {
    const records = pending.filter((p) => p.error === undefined).map((p) => p.record);
    const results = records.length ? await evaluate(records, options, ctx) : [];
    if (results.length !== records.length) throw new Error(`oracle ${plugin.name} returned ${results.length} results for ${records.length} records`);
    let k = 0;
    let text = '';
    for (const p of pending) {
      const result: RecordResult = p.error !== undefined ? { error: p.error } : results[k++]!;
      if ('error' in result) {
        failed++;
        text += `${JSON.stringify({ error: p.error ?? `line ${p.line}: ${result.error}` })}\n`;
      } else text += `${JSON.stringify(result)}\n`;
    }
    pending = [];
    if (text && !out.write(text)) await watch.drained();
  };
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') pending.push({ line: lineNo, error: `line ${lineNo}: empty line (expected one JSON object)` });
      else {
        try {
          pending.push({ line: lineNo, record: JSON.parse(line) });
        } catch (e) {
          pending.push({ line: lineNo, error: `line ${lineNo}: not JSON (${(e as Error).message})` });
        }
      }
      if (pending.length >= BATCH) {
        await flush();
        if (watch.closed()) break; // nobody reads the results any more: stop pricing
      }
    }
    await flush();
  } finally {
    watch.dispose();
  }
  return { lines: lineNo, failed };
}

/** Registers the oracle command. */
export function registerOracleCommand(program: Command, ctx: CliContext): void {
  program
    .command('oracle')
    .description('price contracts with an oracle: JSON Lines in, one JSON line out per input line')
    .argument('<name>', 'oracle plugin, e.g. barrier or himalaya')
    .option('--input <file>', 'JSON Lines file, or - for stdin', '-')
    .option('--option <key=value>', 'an oracle option (repeatable), e.g. paths=100000', collect, [] as string[])
    .action(async (name: string, flags: { input: string; option: string[] }) => {
      const plugin = resolvePlugin(ctx.registry, 'oracle', name, { path: 'oracle <name>' }) as OraclePlugin<unknown>;
      const options = resolveOptions(plugin, parseOptionPairs(flags.option));
      if (flags.input !== '-' && (await stat(flags.input).then((s) => s.isDirectory(), () => false))) {
        throw badInputFile(flags.input, 'it is a directory; --input names a JSON Lines file');
      }
      const input = flags.input === '-' ? process.stdin : createReadStream(flags.input);
      const opened = new Promise<void>((resolve, reject) => {
        if (input === process.stdin) resolve();
        input.once('open', () => resolve());
        input.once('error', (e: Error) => reject(badInputFile(flags.input, e.message)));
      });
      await opened;
      const output = createCliOutput(ctx.stderr, { quiet: true });
      const pluginCtx: PluginContext = { rng: new Rng(0, 'oracle', name), log: output.log, progress: silentProgress, signal: new AbortController().signal };
      const lines = createInterface({ input, crlfDelay: Infinity });
      const { lines: total, failed } = await priceLines(plugin, options, lines, ctx.stdout, pluginCtx);
      input.destroy(); // stop reading when priceLines stopped early (stdout closed), so a writer to stdin gets EPIPE
      output.stop();
      if (failed) {
        // stdout may be redirected to a file: say on stderr why the exit code is 2
        ctx.stderr.write(`regaudit oracle: ${failed} of ${countOf(total, 'input line')} could not be priced; their output lines hold {"error": ...} with the line number and the reason.\n`);
        ctx.exitCode = Math.max(ctx.exitCode, ExitCode.badInput);
      }
    });
}
