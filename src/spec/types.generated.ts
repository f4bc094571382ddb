/* Generated from schema/audit-spec.schema.json by scripts/gen-types.ts (npm run gen). Do not edit. */

/**
 * A number of samples.
 */
export type Count = number;
/**
 * Runs to make: a grid (dotted parameter path -> list of values, every combination) or an explicit list of parameter maps. Paths: `seed`, `data.train`, `data.test`, `attack.<option>`, `model.<option>`, `oracle.<option>`, `search.<option>`.
 */
export type Sweep =
  | {
      /**
       * @minItems 1
       * @maxItems 1000
       */
      [k: string]: [SweepValue, ...SweepValue[]];
    }
  | [
      {
        [k: string]: SweepValue;
      },
      ...{
        [k: string]: SweepValue;
      }[]
    ];
/**
 * One value a sweep gives a parameter.
 */
export type SweepValue = number | string | boolean | null;

/**
 * An audit spec: which oracle labels the data, which model is audited, which attack is planted, which defenses look for it, and which gates decide the build. Every field but `name`, `oracle` and `model` has a default.
 */
export interface AuditSpec {
  /**
   * Name of the audit; the report goes to <out>/<name>/report.json.
   */
  name: string;
  /**
   * Free text shown in reports.
   */
  description?: string;
  /**
   * Seed of every random stream in the audit (`--seed` overrides it).
   */
  seed?: number;
  /**
   * Trainings per run, with seeds derived from the spec seed and the repeat index (`--repeats` overrides it). Metrics report the mean over the repeats, and runs[].stats their spread and 95% interval (docs/statistics.md).
   */
  repeats?: number;
  /**
   * `paired`: each repeat's poisoned model and its unpoisoned baseline share their seed (initialization and the order of the clean rows: common random numbers), so the drift measures the poison; `unpaired`: the baseline gets an independent seed.
   */
  design?: 'paired' | 'unpaired';
  /**
   * Paired design only: the poisoned model's first `sharedEpochs` epochs visit the base rows alone, so they equal its baseline's training step for step (as far as the baseline trained: a stop rule reads only the later epochs), and the attack rows join from the next epoch on (the poisoned training forks from its baseline's; docs/statistics.md, "Shared epochs"). 0, the default, trains the poisoned model on every row from the start. Needs a model plugin that declares `canShareEpochs` (the bundled mlp), and fewer epochs than the model trains.
   */
  sharedEpochs?: number;
  /**
   * What an inconclusive gate verdict (the 95% interval straddles the bound) does to the build: `fail` (the default) or `pass`.
   */
  inconclusive?: 'fail' | 'pass';
  data?: Data;
  oracle: PluginRef;
  model: PluginRef;
  attack?: PluginRef;
  search?: SearchOptions;
  /**
   * Defenses run on the (poisoned) model, in order.
   */
  defenses?: PluginRef[];
  /**
   * Reporters to run when the command line names none (`--reporter` replaces this list); json always runs. Without either, the console reporter runs.
   */
  reporters?: PluginRef[];
  /**
   * Bounds on metrics; a failed gate fails the audit (exit 1).
   */
  gates?: Gate[];
  sweep?: Sweep;
}
/**
 * Training, test and validation data.
 */
export interface Data {
  /**
   * A sample count drawn from the oracle's domain, or a CSV file of inputs (and optionally targets).
   */
  train?:
    | Count
    | {
        /**
         * CSV file, relative to the spec file.
         */
        path: string;
      };
  /**
   * A sample count drawn from the oracle's domain, or a CSV file of inputs (and optionally targets).
   */
  test?:
    | Count
    | {
        /**
         * CSV file, relative to the spec file.
         */
        path: string;
      };
  /**
   * A sample count drawn from the oracle's domain, or a CSV file of inputs (and optionally targets).
   */
  validation?:
    | Count
    | {
        /**
         * CSV file, relative to the spec file.
         */
        path: string;
      };
}
/**
 * A plugin by name, with its options.
 */
export interface PluginRef {
  /**
   * The plugin: a bundled plugin's name (`regaudit plugins` lists them), or a module specifier (a path relative to the spec, or a package name) when it is allowed by --allow-plugin or the allowPlugins list of regaudit.config.json.
   */
  use: string;
  /**
   * The plugin's options (see `regaudit plugins`).
   */
  with?: {
    [k: string]: unknown;
  };
}
/**
 * Options of the local error maximizer search (gradient ascent on E(x) = 1/2 (Y(x) - Z(x))^2, paper section 2). Distances and steps are in normalized input units ([0, 1] per feature).
 */
export interface SearchOptions {
  /**
   * Where ascents start: `train` = the top `seedFraction` of training samples by |Y - y| against their own labels (no oracle calls); `random` = `randomSeeds` random points of the domain. Without a training set, `train` falls back to random.
   */
  seeds?: 'train' | 'random';
  /**
   * Fraction of the training set used as seeds (worst-fitted first).
   */
  seedFraction?: number;
  /**
   * Number of random seeds when seeding from the domain.
   */
  randomSeeds?: number;
  /**
   * Cuckoo-style rounds: round k+1 restarts from the best maximizers of round k with a smaller step and a tighter stop.
   */
  rounds?: number;
  /**
   * Fraction of the current maximizers (largest errors first) that seed the next round.
   */
  carryFraction?: number;
  /**
   * Seeds of rounds after the first are displaced by a Gaussian of this many times the round's initial step per feature (the cuckoo's flight); 0 restarts exactly at the maximizers.
   */
  jitter?: number;
  /**
   * Step length of the first round (normalized units; each step moves along the normalized gradient).
   */
  initialStep?: number;
  /**
   * Factor applied to the step after each iteration (non-increasing step size).
   */
  stepDecay?: number;
  /**
   * Initial step of round k+1 = this factor times that of round k.
   */
  roundStepFactor?: number;
  /**
   * Step cap per ascent and round.
   */
  maxSteps?: number;
  /**
   * An ascent stops when its step length, or the length of its last accepted move, falls below this (round 1).
   */
  tolerance?: number;
  /**
   * Tolerance of round k+1 = this factor times that of round k (tighter stop).
   */
  roundToleranceFactor?: number;
  /**
   * Central finite-difference step (normalized units) for oracle gradients and for models without inputGradient.
   */
  fdStep?: number;
  /**
   * Maximizers within this distance of each other (max over features) are merged into the one with the larger error.
   */
  mergeTolerance?: number;
  /**
   * Halvings of an infeasible move before the ascent stays put (domains without `project`).
   */
  backtrackSteps?: number;
  /**
   * Largest number of rows sent to the model or oracle in one call.
   */
  batchSize?: number;
  /**
   * Also run iterated random (importance) sampling with the same oracle budget and report `search.random.inRegion`.
   */
  randomBaseline?: boolean;
}
/**
 * A bound on one metric, checked in every run (or the runs matching `where`).
 */
export interface Gate {
  /**
   * A metric name, e.g. `clean.mseDrift`.
   */
  metric: string;
  /**
   * The metric must be at least this.
   */
  min?: number;
  /**
   * The metric must be at most this.
   */
  max?: number;
  /**
   * Largest relative increase over the baseline report's value (0.05 = 5%).
   */
  maxIncrease?: number;
  /**
   * Largest relative decrease below the baseline report's value.
   */
  maxDecrease?: number;
  /**
   * Which number of the run's estimate is compared with the bounds: `mean` (the default), or the `upper` or `lower` 95% confidence limit (needs `repeats` >= 2, except for a defense's tpr/fpr/precision, which have Wilson intervals). The verdict is inconclusive when the number read violates a bound that the interval straddles.
   */
  on?: 'mean' | 'upper' | 'lower';
  /**
   * Only runs whose sweep parameters equal these values (dotted paths).
   */
  where?: {
    [k: string]: number | string | boolean | null;
  };
}
