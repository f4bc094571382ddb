/**
 * Stage deadlines: a stage's work runs with a signal that aborts when the stage times out
 * (`--stage-timeout`) or the audit is interrupted (SIGINT/SIGTERM), and the stage settles as soon as
 * either happens, so a plugin that never checks its signal cannot hold a run past them (its work is
 * abandoned and its result ignored).
 */
import { interrupted, stageTimeout, stageTimeoutRange, type ErrorOrigin } from '../core/errors.ts';

/** The longest delay Node's setTimeout keeps (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Throws STAGE_TIMEOUT_RANGE (exit 2) unless `timeoutMs` is undefined or in (0, MAX_TIMEOUT_MS]. */
export function checkStageTimeout(timeoutMs: number | undefined): void {
  if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) throw stageTimeoutRange(timeoutMs, MAX_TIMEOUT_MS);
}

/**
 * `work`, or a rejection with the signal's reason as soon as `signal` aborts, whichever comes first: the
 * caller stops waiting for work that ignores its signal (which goes on unobserved), so what it holds
 * (a cache lock, a memo entry) is released at once.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs `work` under `signal` and an optional timeout (checked by checkStageTimeout); rejects with
 * INTERRUPTED or STAGE_TIMEOUT.
 */
export function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, options: { signal: AbortSignal; timeoutMs?: number; origin: ErrorOrigin }): Promise<T> {
  const { signal, timeoutMs, origin } = options;
  checkStageTimeout(timeoutMs);
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
