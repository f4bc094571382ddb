/**
 * Defense contract: detect a backdoor (flag local error maximizers, name suspect training rows) and
 * optionally mitigate it by retraining. Defenses never see the attack's ground truth; the engine scores
 * their suspects against it.
 */
import type { Dataset } from './dataset.ts';
import type { Domain } from './domain.ts';
import type { Labeler } from './labeler.ts';
import type { Model, ModelPlugin } from './model.ts';
import type { PluginBase, PluginContext } from './plugin.ts';

/** Local error maximizers found by the search (src/search), normalized. */
export interface Maximizers {
  readonly n: number;
  readonly nFeatures: number;
  /** Locations, row-major n x nFeatures, normalized. */
  readonly x: Float64Array;
  /** Oracle values at the maximizers. */
  readonly z: Float64Array;
  /** Model predictions at the maximizers. */
  readonly y: Float64Array;
  /** |Y - Z| at each maximizer. */
  readonly absError: Float64Array;
  /** Oracle rows spent finding them. */
  readonly oracleCalls: number;
}

/** What a defense sees. */
export interface DefenseInput {
  /** The (possibly poisoned) model under audit. */
  readonly model: Model;
  /** Its plugin and resolved options, to train replacement models when mitigating. */
  readonly modelPlugin: ModelPlugin<unknown>;
  readonly modelOptions: unknown;
  /** The training set as the defender has it (labels may be poisoned); absent when unknown. */
  readonly train?: Dataset;
  readonly domain: Domain;
  /** The oracle (booked to the defense's stage). */
  readonly labeler: Labeler;
  /** Local error maximizers from the run's search; computed once per run and shared by defenses. */
  readonly maximizers?: Maximizers;
  /** Clean validation set (true labels) for choosing hyper-parameters such as alpha. */
  readonly validation: Dataset;
  /** Sets to evaluate mitigated models on: `clean` test and, with an attack, `attack` test. */
  readonly evaluation: { readonly clean: Dataset; readonly attack?: Dataset };
}

/**
 * Per-maximizer attributes. The engine keeps `concentration` for the report's charts (the paper's
 * Figure 1); the p-values are for callers that use a defense as a library.
 */
export interface MaximizerScores {
  /** Proximity count or density per maximizer. */
  readonly concentration: Float64Array;
  /** p-value per maximizer, when a null was used. */
  readonly pValue?: Float64Array;
  /** p-value of each maximizer's error under the error's null, when one was used. */
  readonly errorPValue?: Float64Array;
}

/** What `detect` returns. */
export interface Detection {
  /** Indices of flagged maximizers. */
  readonly flagged: Uint32Array;
  /** Training rows the defense suspects (Q), sorted ascending. */
  readonly suspects: Uint32Array;
  /** Extra metrics, reported as `defense.<name>.<key>`. */
  readonly metrics: Record<string, number>;
  readonly scores?: MaximizerScores;
}

/** One point of a mitigation curve (the paper's Figures 2 and 3). */
export interface MitigationPoint {
  /** Weight of the training set; maximizers get 1 - alpha. */
  readonly alpha: number;
  /** Which training set: `S0+M0` or `S0+M0-Q`. */
  readonly variant: string;
  readonly metrics: Record<string, number>;
}

/** What `mitigate` returns. */
export interface Mitigation {
  readonly points: readonly MitigationPoint[];
  /** Metrics of the chosen configuration, reported as `defense.<name>.mitigated.<key>`. */
  readonly chosen: Record<string, number>;
}

/** A defense plugin. */
export interface DefensePlugin<Options = Record<string, unknown>> extends PluginBase<'defense', Options> {
  /**
   * What the defense needs: the engine runs the search when `maximizers` is set, and spec validation
   * rejects an imported model for `training` (with `mitigate: true`) and, without a training-set file,
   * for `trainingInputs`.
   */
  readonly needs: {
    readonly maximizers: boolean;
    readonly trainingInputs: boolean;
    /** True when `mitigate` retrains, which needs a trainable model. */
    readonly training: boolean;
  };
  /**
   * Called once per audited model (each repeat of each run), after the search; `input` holds what `needs`
   * asked for. Returns the flagged maximizers and suspected training rows, which the engine scores
   * against the attack's ground truth.
   */
  detect(input: DefenseInput, options: Options, ctx: PluginContext): Promise<Detection>;
  /**
   * Optional checks the options schema cannot state (one option against another, or against what the
   * audited model can do), run before any work by `regaudit validate` and `run`: throw an exit-2 error
   * (`defenseInput`, `invalidOption`) naming the option and the fix, so a spec is refused up front
   * instead of after training and search.
   */
  checkOptions?(options: Options, model: Pick<ModelPlugin, 'name' | 'hasActivations'>): void;
  /**
   * Called after `detect`, with its result, only when the defense's options set `mitigate: true`;
   * retrains or fine-tunes copies and must leave `input.model` unchanged.
   */
  mitigate?(input: DefenseInput, detection: Detection, options: Options, ctx: PluginContext): Promise<Mitigation>;
}

/** Defines a defense plugin with its types checked. */
export function defineDefense<Options>(plugin: DefensePlugin<Options>): DefensePlugin<Options> {
  return plugin;
}
