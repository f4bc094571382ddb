/**
 * Attack contract: data poisoning of a training set. An attack returns the poisoned training set, the
 * ground truth of which rows it planted, and an attack test set for measuring success.
 */
import type { Dataset } from './dataset.ts';
import type { Domain } from './domain.ts';
import type { Labeler } from './labeler.ts';
import type { PluginBase, PluginContext } from './plugin.ts';

/** An axis-aligned box in normalized space (one [lower, upper] per feature). */
export interface Box {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** Which rows of the poisoned training set the attacker planted. */
export interface GroundTruth {
  /** 1 for rows whose label the attacker falsified, length = poisoned training set size. */
  readonly mislabeled: Uint8Array;
  /** 1 for correctly labeled rows the attacker planted (to localize the backdoor). */
  readonly planted: Uint8Array;
}

/** What `poison` returns. */
export interface PoisonResult {
  /** The base rows first, unchanged and in their order, then the attacker's rows. */
  readonly train: Dataset;
  readonly truth: GroundTruth;
  /** Samples in the backdoor region with their TRUE oracle labels; empty when the attack has no trigger. */
  readonly attackTest: Dataset;
  /** The region where the backdoor lives (normalized), for `search.inRegion` and charts. */
  readonly region?: Box;
  /**
   * The attacker's target: predictions y within [(m - tolerance) z, (m + tolerance) z] of the true
   * value z count as attack successes.
   */
  readonly target?: { readonly multiplier: number; readonly tolerance: number };
}

/** Inputs to `poison`. */
export interface PoisonInput {
  /** The clean base training set (normalized, oracle-labeled). */
  readonly train: Dataset;
  readonly domain: Domain;
  /** Labels the attacker's samples (booked to the `poison` stage). */
  readonly labeler: Labeler;
}

/** An attack plugin. */
export interface AttackPlugin<Options = Record<string, unknown>> extends PluginBase<'attack', Options> {
  /** Sample counts in options that `--scale` multiplies (option names, e.g. `nAttack`). */
  readonly scaledOptions: readonly string[];
  /** Those of `scaledOptions` that count attack test rows (evaluated, never trained on), for the memory estimate. Absent: none. */
  readonly testOptions?: readonly string[];
  /**
   * False for an attack that plants no mislabeled rows and has no attack test set (the degradation
   * attack): its runs never report `attack.below`, `.above`, `.mse`, `.mae`, `.successRate` or a
   * detector's `tpr`, so validation refuses gates on them. Absent means true.
   */
  readonly hasTarget?: boolean;
  /** Checks that the options fit the oracle's domain (trigger features exist); throws an exit-2 error (e.g. invalidOption, unknownFeature) if not. */
  checkDomain?(options: Options, domain: Domain): void;
  /** Poisons `input.train`. Deterministic given ctx.rng. */
  poison(input: PoisonInput, options: Options, ctx: PluginContext): Promise<PoisonResult>;
}

/** Defines an attack plugin with its types checked. */
export function defineAttack<Options>(plugin: AttackPlugin<Options>): AttackPlugin<Options> {
  return plugin;
}
