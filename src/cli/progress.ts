/**
 * Progress and log output for the CLI: cli-progress bars (with ETA) on a TTY, plain periodic lines
 * otherwise (at most one per task every 5 s, and its final count when it finishes), nothing with
 * `--quiet`. Log lines go to stderr, printed above the bars when bars are shown.
 */
import cliProgress from 'cli-progress';
import type { Logger, ProgressReporter } from '../core/plugin.ts';

/** How progress is shown. */
export type ProgressMode = 'bars' | 'lines' | 'silent';

/** A progress reporter and logger pair that must be stopped when the command ends. */
export interface CliOutput {
  readonly progress: ProgressReporter;
  readonly log: Logger;
  /** Removes bars and flushes. */
  stop(): void;
}

/** Milliseconds between plain progress lines for one task. */
const LINE_INTERVAL_MS = 5000;

/** Output for `stream` (stderr): bars on a TTY, lines otherwise, silent when `quiet`; debug lines only when `verbose`. */
export function createCliOutput(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: { quiet?: boolean; verbose?: boolean; mode?: ProgressMode } = {}): CliOutput {
  const mode: ProgressMode = options.mode ?? (options.quiet ? 'silent' : stream.isTTY ? 'bars' : 'lines');
  let multibar: cliProgress.MultiBar | undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  const lastLine = new Map<string, number>();
  /** Per task, the newest line held back by the interval; printed when the task finishes. */
  const heldLine = new Map<string, string>();

  const write = (text: string): void => {
    if (multibar) multibar.log(`${text}\n`);
    else stream.write(`${text}\n`);
  };

  const progress: ProgressReporter = {
    update(task, done, total) {
      if (mode === 'bars') {
        multibar ??= new cliProgress.MultiBar(
          { stream: stream as NodeJS.WriteStream, clearOnComplete: true, hideCursor: true, format: '{bar} {percentage}% | ETA {eta_formatted} | {task}', etaBuffer: 20 },
          cliProgress.Presets.shades_classic,
        );
        const bar = bars.get(task);
        if (bar) {
          bar.setTotal(total);
          bar.update(done, { task });
        } else bars.set(task, multibar.create(total, done, { task }));
      } else if (mode === 'lines') {
        const now = Date.now();
        const text = `${task}: ${done}/${total} (${total ? Math.round((100 * done) / total) : 100}%)\n`;
        if (now - (lastLine.get(task) ?? 0) >= LINE_INTERVAL_MS) {
          lastLine.set(task, now);
          heldLine.delete(task);
          stream.write(text);
        } else heldLine.set(task, text);
      }
    },
    finish(task) {
      const bar = bars.get(task);
      if (bar) {
        bar.stop();
        multibar?.remove(bar);
        bars.delete(task);
      }
      // a log that showed a task starting also shows where it ended (a search round's 0/40, then 12/12 when it stopped after 12 steps)
      const held = heldLine.get(task);
      if (held !== undefined) stream.write(held);
      heldLine.delete(task);
      lastLine.delete(task);
    },
  };

  const log: Logger = {
    info: (m) => {
      if (!options.quiet) write(m);
    },
    warn: (m) => write(`warning: ${m}`),
    debug: (m) => {
      if (options.verbose) write(`debug: ${m}`);
    },
  };

  return {
    progress,
    log,
    stop() {
      multibar?.stop();
      multibar = undefined;
      bars.clear();
    },
  };
}
