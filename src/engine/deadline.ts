/**
 * Stage deadlines: a stage's work runs with a signal that aborts when the stage times out
 * (`--stage-timeout`) or the audit is interrupted (SIGINT/SIGTERM), and the stage settles as soon as
 * either happens, so a plugin that never checks its signal cannot hold a run past them (its work is
 * abandoned and its result ignored).
 */
import { interrupted, stageTimeout, type ErrorOrigin } from '../core/errors.ts';

/** Runs `work` under `signal` and an optional timeout; rejects with INTERRUPTED or STAGE_TIMEOUT. */
export function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, options: { signal: AbortSignal; timeoutMs?: number; origin: ErrorOrigin }): Promise<T> {
  const { signal, timeoutMs, origin } = options;
  const local = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      local.abort(signal.reason);
      reject(interrupted(origin));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const e = stageTimeout(origin, timeoutMs / 1000);
        local.abort(e);
        reject(e);
      }, timeoutMs);
    }
    let pending: Promise<T>;
    try {
      pending = work(local.signal);
    } catch (e) {
      pending = Promise.reject(e);
    }
    pending.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}
