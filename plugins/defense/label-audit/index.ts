/**
 * The `label-audit` defense (paper section 4, first bullet): re-label the training rows (all, or a
 * seeded random fraction) with the oracle and flag those whose label is off by more than a tolerance.
 * The costly baseline: it needs the labels and one oracle call per audited row (`relabeled`; the engine
 * counts the calls as `defense.label-audit.oracleCalls`). It finds mislabeled rows only, not the correctly labeled rows an
 * attacker plants to localize a backdoor.
 */
import { selectRows } from '../../../src/core/dataset.ts';
import { defineDefense } from '../../../src/core/defense.ts';
import { defenseInput } from '../../../src/core/errors.ts';
import type { LabelAuditOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

const NAME = 'label-audit';

/** The bundled oracle re-labeling defense. */
export default defineDefense<LabelAuditOptions>({
  kind: 'defense',
  name: NAME,
  version: '1.0.0',
  description: 'Re-labels training rows with the oracle and flags |y - z| above a tolerance (costly baseline)',
  optionsSchema,
  needs: { maximizers: false, trainingInputs: true, training: false },
  async detect(input, options, ctx) {
    const { train, labeler } = input;
    if (!train) throw defenseInput({ plugin: NAME, stage: 'defense' }, 'defense `label-audit` needs the training set with its labels.', 'Give the audit a training set, or drop this defense.');
    const rows = options.fraction < 1 ? ctx.rng.fork('sample').subset(train.n, Math.round(options.fraction * train.n)) : undefined;
    const audited = rows ? selectRows(train, rows) : train;
    const d = train.nFeatures;
    const suspects: number[] = [];
    let maxAbsDiff = 0;
    for (let start = 0; start < audited.n; start += options.batchSize) {
      ctx.signal.throwIfAborted();
      const m = Math.min(options.batchSize, audited.n - start);
      const z = await labeler.label(audited.x.subarray(start * d, (start + m) * d), m);
      for (let i = 0; i < m; i++) {
        const diff = Math.abs(audited.y[start + i]! - z[i]!);
        maxAbsDiff = Math.max(maxAbsDiff, diff);
        if (diff > options.tolerance + options.relativeTolerance * Math.abs(z[i]!)) suspects.push(rows ? rows[start + i]! : start + i);
      }
      ctx.progress.update(`${NAME}: re-labeling`, start + m, audited.n);
    }
    ctx.progress.finish(`${NAME}: re-labeling`);
    return {
      flagged: new Uint32Array(0),
      suspects: Uint32Array.from(suspects),
      metrics: { relabeled: audited.n, maxAbsDiff },
    };
  },
});
