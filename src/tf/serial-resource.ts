/**
 * Guards a native resource (onnxruntime sessions, gradient worker threads) against being released under
 * a pending operation. onnxruntime-node runs a session in a setImmediate after `run()` returns, and a
 * worker thread terminated inside a native run aborts the whole process (`terminate called after
 * throwing an instance of 'Napi::Error'`), so a release must wait until every operation has settled.
 */

/** Runs operations on a resource one at a time, in call order, and releases it once, after they settle. */
export class SerialResource {
  private tail: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;

  /** `what` names the resource in the error of an operation requested after release began. */
  constructor(private readonly what: string) {}

  /** Runs `op` after the operations requested before it have settled; rejects once `close` was called. */
  run<T>(op: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error(`${this.what} was already released`));
    const result = this.tail.then(op);
    this.tail = result.then(() => undefined, () => undefined);
    return result;
  }

  /** Waits for the operations already requested, then calls `release` (once: later calls return the same promise). */
  close(release: () => Promise<void>): Promise<void> {
    this.closing ??= this.tail.then(release);
    return this.closing;
  }
}
