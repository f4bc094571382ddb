/**
 * Runs stages by key. The in-memory runner computes each key once per process (concurrent requests for
 * one key share the computation), so a baseline shared by every run of a sweep is trained once. A disk
 * cache (issue 9) implements the same interface.
 */
import type { StageCodec } from './cache/codec.ts';

/** One unit of work with a content key (see stage-key.ts). */
export interface Stage<T> {
  /** Stage name, e.g. `fit`. */
  readonly name: string;
  /** Content key: equal keys give equal outputs. */
  readonly key: string;
  /** False for outputs that only live in memory (oracle instances); a disk cache skips them. */
  readonly persist?: boolean;
  /** Turns the output into plain data and back, for a disk cache (src/engine/cache/codec.ts). */
  readonly codec?: StageCodec<T>;
  /** Aborts the stage (its timeout, an interrupt): a runner waiting for another worker's entry stops. */
  readonly signal?: AbortSignal;
  /** Computes the output, when the runner has no stored one. */
  compute(): Promise<T>;
}

/** Runs stages, possibly serving them from a memo or cache. */
export interface StageRunner {
  run<T>(stage: Stage<T>): Promise<T>;
  /** Releases what the runner holds (disposes models). */
  close(): void;
}

/** Memoizes stage outputs by key for the life of the runner. Failed computations are not kept. */
export class MemoStageRunner implements StageRunner {
  private readonly memo = new Map<string, Promise<unknown>>();
  /** Stage computations actually performed (not served from the memo), by stage name. */
  readonly computed = new Map<string, number>();

  run<T>(stage: Stage<T>): Promise<T> {
    const hit = this.memo.get(stage.key);
    if (hit) return hit as Promise<T>;
    this.computed.set(stage.name, (this.computed.get(stage.name) ?? 0) + 1);
    const pending = stage.compute();
    this.memo.set(stage.key, pending);
    pending.catch(() => this.memo.delete(stage.key));
    return pending;
  }

  /** Drops `key`'s output, disposing it once settled; a later request for the key computes it again. */
  forget(key: string): void {
    const pending = this.memo.get(key);
    if (!pending) return;
    this.memo.delete(key);
    pending.then((v) => disposeDeep(v), () => undefined);
  }

  close(): void {
    for (const key of [...this.memo.keys()]) this.forget(key);
  }
}

/** Calls `dispose()` on a value, or on the `value` it wraps, when there is one. */
function disposeDeep(v: unknown): void {
  const o = v as { dispose?: () => void; value?: { dispose?: () => void } } | null;
  if (typeof o?.dispose === 'function') o.dispose();
  else if (typeof o?.value?.dispose === 'function') o.value.dispose();
}
