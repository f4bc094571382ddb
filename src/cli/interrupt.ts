/**
 * SIGINT/SIGTERM during `regaudit run`: the first signal aborts the audit (runs in flight stop at their
 * current stage, runs not started are recorded as interrupted) so the partial report is written with
 * status `interrupted` and exit 3; a second signal exits at once with 128 + the signal's number (130
 * for SIGINT, 143 for SIGTERM). Finished stages are in the disk cache, so rerunning resumes from them.
 */
import type { Logger } from '../core/plugin.ts';

/** Signal handling for one command; `dispose` removes the handlers. */
export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

/** Exit codes after a second signal: 128 + the signal's number, as shells report it. */
const FORCED_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
/** Grace period after an interrupted command ends before forcing exit over abandoned plugin work. */
const EXIT_GRACE_MS = 2000;

/** Installs the handlers. */
export function handleInterrupts(log: Logger): Interrupt {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.exit(FORCED_EXIT[name] ?? 130);
    }
    log.warn(`${name}: stopping; writing a partial report (status interrupted). Send it again to exit at once.`);
    controller.abort(new Error(name));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Work a plugin never stopped (it ignored its abort signal) must not keep the process alive.
      if (controller.signal.aborted) setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
    },
  };
}
