/**
 * The per-run side of stages: builds a stage's key and plugin context, books the oracle calls it makes
 * (replayed from the stored output when the stage is served from the memo or cache, so `oracle.calls`
 * never depends on cache state), and turns anything a plugin throws into a PLUGIN_FAILED error naming
 * the plugin and stage.
 */
import type { Domain } from '../core/domain.ts';
import { isRegauditError, pluginFailure } from '../core/errors.ts';
import { createLabeler, OracleAccounting, type Labeler } from '../core/labeler.ts';
import type { Oracle } from '../core/oracle.ts';
import type { Logger, PluginContext, ProgressReporter } from '../core/plugin.ts';
import { Rng } from '../core/rng.ts';
import { stagedCodec, type StageCodec } from './cache/codec.ts';
import { untilAborted, withDeadline } from './deadline.ts';
import { stageKey, type StageKeyParts } from './stage-key.ts';
import type { StageRunner } from './stage-runner.ts';

/** What the engine shares across runs. */
export interface EngineEnv {
  /** Runs stages, sharing them between runs (memo or disk cache). */
  readonly runner: StageRunner;
  /** Where the engine and plugins log. */
  readonly log: Logger;
  /** Where long stages report progress. */
  readonly progress: ProgressReporter;
  /** The audit's abort signal (SIGINT/SIGTERM). */
  readonly signal: AbortSignal;
  /** Per-stage timeout in milliseconds (`--stage-timeout`); none when absent. */
  readonly stageTimeoutMs?: number;
}

/** Oracle calls per stage, as `OracleAccounting.stages()` gives them. */
export type OracleBook = Record<string, { calls: number; seconds: number }>;

/** A stage output with the oracle calls spent computing it. */
export interface Staged<T> {
  readonly value: T;
  /** The oracle calls computing it made, by stage (replayed when served from the memo or cache). */
  readonly oracle: OracleBook;
  /** Releases what the value holds (a model's tensors). */
  dispose(): void;
}

/** One run's view of the engine: its seed, its oracle accounting, its id for progress lines. */
export class RunScope {
  readonly accounting = new OracleAccounting();

  constructor(
    readonly env: EngineEnv,
    readonly runId: string,
    readonly seed: number,
    private readonly oracle?: { readonly instance: Oracle; readonly name: string },
  ) {}

  /** The same scope with an oracle for labelers. */
  withOracle(instance: Oracle, name: string): RunScope {
    return new RunScope(this.env, this.runId, this.seed, { instance, name });
  }

  /** The plugin context for stage `name`; its rng is keyed by `rngKey` (default the stage key). */
  context(name: string, rngKey: readonly (string | number)[], signal: AbortSignal = this.env.signal): PluginContext {
    const { env, runId } = this;
    const progress: ProgressReporter = {
      update: (task, done, total) => env.progress.update(`${runId} ${name}: ${task}`, done, total),
      finish: (task) => env.progress.finish(`${runId} ${name}: ${task}`),
    };
    return { rng: new Rng(this.seed, name, ...rngKey), log: env.log, progress, signal };
  }

  /**
   * Runs stage `name` through the stage runner. `compute` gets a plugin context and a labeler factory
   * booking to a fresh accounting that is stored with the output and added to this run's accounting.
   * Returns the output and the stage's key (the input key of later stages).
   */
  async stage<T>(
    name: string,
    parts: Omit<StageKeyParts, 'stage' | 'seed'>,
    compute: (ctx: PluginContext, labeler: (stage?: string) => Labeler) => Promise<T>,
    options: { plugin?: string; rngKey?: readonly (string | number)[]; persist?: boolean; dispose?: (value: T) => void; codec?: StageCodec<T> } = {},
  ): Promise<{ value: T; key: string }> {
    const key = stageKey({ ...parts, stage: name, seed: this.seed });
    const origin = { plugin: options.plugin, stage: name };
    // The deadline covers the whole stage: waiting for another worker's cache entry as well as computing.
    const staged = await withDeadline((signal) => this.env.runner.run<Staged<T>>({
      name,
      key,
      persist: options.persist,
      codec: options.persist === false ? undefined : stagedCodec(options.codec, (v) => options.dispose?.(v)),
      signal,
      compute: async () => {
        const book = new OracleAccounting();
        const labeler = (stage = name): Labeler => {
          if (!this.oracle) throw new Error(`stage ${name} has no oracle`);
          return createLabeler(this.oracle.instance, this.oracle.name, book, stage);
        };
        let value: T;
        try {
          // Stop waiting when the deadline fires, so the runner releases its cache lock and forgets the key.
          value = await untilAborted(compute(this.context(name, options.rngKey ?? [key], signal), labeler), signal);
        } catch (e) {
          if (isRegauditError(e)) throw e;
          throw pluginFailure(origin, `${options.plugin ? `plugin \`${options.plugin}\`` : 'the stage'} failed`, e);
        }
        return { value, oracle: book.stages(), dispose: () => options.dispose?.(value) };
      },
    }), { signal: this.env.signal, timeoutMs: this.env.stageTimeoutMs, origin });
    for (const [stage, s] of Object.entries(staged.oracle)) this.accounting.add(stage, s.calls, s.seconds);
    return { value: staged.value, key };
  }
}

/** Feature names, for keys that must change when the oracle's domain does. */
export function domainFingerprint(domain: Domain): string {
  return domain.features.map((f) => `${f.name}:${f.min}:${f.max}`).join(',');
}
