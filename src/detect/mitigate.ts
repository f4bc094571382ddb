/**
 * Mitigation by retraining (paper section 4.1, Figures 2 and 3): fresh models trained on S0 + M0 and on
 * S0 + M0 - Q with the alpha-weighted MSE (S0 weight alpha, the maximizers M0 with their oracle values
 * weight 1 - alpha), for every alpha of the grid. Alpha is chosen by validation MSE on the S0 + M0 - Q
 * variant (the defense's recommendation); every point is reported for the curves. Shared by the
 * proximity and gmm defenses.
 */
import { makeDataset, selectRows, type Dataset } from '../core/dataset.ts';
import type { DefenseInput, Detection, Mitigation, MitigationPoint } from '../core/defense.ts';
import { defenseInput, modelCannotTrain } from '../core/errors.ts';
import type { Model } from '../core/model.ts';
import type { PluginContext } from '../core/plugin.ts';
import { regressionErrors } from '../engine/metrics.ts';
import { retrainWeighted } from '../search/retrain.ts';

/** Mitigation options. */
export interface MitigationOptions {
  /** Run `mitigate` after `detect`. */
  readonly mitigate: boolean;
  /** Weight of the training set in each retraining. */
  readonly alphas: readonly number[];
}

/** MSE and MAE of `model` on `data`. */
async function errors(model: Model, data: Dataset): Promise<{ mse: number; mae: number }> {
  return regressionErrors(await model.predict(data.x, data.n), data.y);
}

/**
 * What a mitigated model is judged by: `validation.mse`, `clean.mse`, `clean.mae` and, with an attack,
 * `attack.mse` and `attack.mae`. Shared by the retraining defenses (here and active-learning).
 */
export async function mitigationMetrics(model: Model, input: DefenseInput): Promise<Record<string, number>> {
  const metrics: Record<string, number> = {};
  metrics['validation.mse'] = (await errors(model, input.validation)).mse;
  const clean = await errors(model, input.evaluation.clean);
  metrics['clean.mse'] = clean.mse;
  metrics['clean.mae'] = clean.mae;
  if (input.evaluation.attack) {
    const attack = await errors(model, input.evaluation.attack);
    metrics['attack.mse'] = attack.mse;
    metrics['attack.mae'] = attack.mae;
  }
  return metrics;
}

/** Training rows not in `suspects` (sorted ascending). */
function withoutRows(train: Dataset, suspects: Uint32Array): Dataset {
  const keep: number[] = [];
  let s = 0;
  for (let i = 0; i < train.n; i++) {
    while (s < suspects.length && suspects[s]! < i) s++;
    if (suspects[s] !== i) keep.push(i);
  }
  return selectRows(train, keep);
}

/** Retrains over the alpha grid for both variants and picks alpha by validation MSE. */
export async function mitigateByRetraining(
  defense: string,
  input: DefenseInput,
  detection: Detection,
  options: MitigationOptions,
  ctx: PluginContext,
): Promise<Mitigation> {
  const origin = { plugin: defense, stage: 'defense' };
  if (!input.modelPlugin.canTrain) throw modelCannotTrain(input.modelPlugin.name, origin, `defense \`${defense}\` has \`mitigate: true\``);
  if (!input.train || !input.maximizers) {
    throw defenseInput(origin, 'mitigation needs the training set and the maximizers.', 'Give the audit a training set (data.train) and a search, or set `mitigate: false`.');
  }
  const { train, maximizers } = input;
  const m0 = makeDataset(maximizers.x, maximizers.z, maximizers.nFeatures);
  const variants: [string, Dataset][] = [
    ['S0+M0', train],
    ['S0+M0-Q', withoutRows(train, detection.suspects)],
  ];
  const seed = ctx.rng.fork('mitigate').seed31();
  const points: MitigationPoint[] = [];
  const total = variants.length * options.alphas.length;
  for (const [variant, data] of variants) {
    for (const alpha of options.alphas) {
      ctx.signal.throwIfAborted();
      const model = await retrainWeighted({ modelPlugin: input.modelPlugin, modelOptions: input.modelOptions, train: data, extra: m0, alpha, seed }, ctx);
      try {
        points.push({ alpha, variant, metrics: await mitigationMetrics(model, input) });
      } finally {
        model.dispose();
      }
      ctx.progress.update(`${defense}: retraining`, points.length, total);
    }
  }
  ctx.progress.finish(`${defense}: retraining`);
  const candidates = points.filter((p) => p.variant === 'S0+M0-Q');
  const best = candidates.reduce((a, b) => (b.metrics['validation.mse']! < a.metrics['validation.mse']! ? b : a));
  return { points, chosen: { alpha: best.alpha, removed: detection.suspects.length, ...best.metrics } };
}
