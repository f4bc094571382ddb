import { describe, expect, it } from 'vitest';
import labelAudit from '../../../plugins/defense/label-audit/index.ts';
import type { LabelAuditOptions } from '../../../plugins/defense/label-audit/options.ts';
import { defenses } from '../../../plugins/index.ts';
import { detectContext } from '../../detect/helpers.ts';
import { poisonedSetting } from './fixture.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

describe('label-audit defense', () => {
  const setting = poisonedSetting({ d: 3, nUniform: 3000, nCluster: 200, center: [0.5, 0.5, 0.5] });
  const options = optionsWithDefaults<LabelAuditOptions>(labelAudit.optionsSchema, { batchSize: 1000 });
  const [from, to] = setting.clusterRows;

  it('is registered, with every option defaulted as its TypeScript type says', () => {
    expect(defenses['label-audit']).toBe(labelAudit);
    const expected: LabelAuditOptions = { fraction: 1, tolerance: 1e-6, relativeTolerance: 0.001, batchSize: 4096 };
    expect(optionsWithDefaults(labelAudit.optionsSchema)).toEqual(expected);
  });

  it('re-labels every row and flags exactly the relabeled ones, reporting its oracle cost', async () => {
    const detection = await labelAudit.detect(setting.input, options, detectContext());
    expect(Array.from(detection.suspects)).toEqual(Array.from({ length: to - from }, (_, i) => from + i));
    expect(detection.metrics.relabeled).toBe(3200);
    expect(detection.flagged.length).toBe(0);
  });

  it('audits a seeded sample and only flags sampled mislabeled rows', async () => {
    const detection = await labelAudit.detect(setting.input, { ...options, fraction: 0.25 }, detectContext());
    expect(detection.metrics.relabeled).toBe(800);
    expect(detection.suspects.length).toBeGreaterThan(25);
    expect(detection.suspects.length).toBeLessThan(75);
    for (const r of detection.suspects) expect(r >= from && r < to).toBe(true);
  });

  it('does not flag differences within the tolerance', async () => {
    const nudged = { ...setting.input.train!, y: Float64Array.from(setting.input.train!.y, (v, i) => (i < from ? v * (1 + 5e-4) : v)) };
    const detection = await labelAudit.detect({ ...setting.input, train: nudged }, options, detectContext());
    expect(detection.suspects.length).toBe(to - from);
    const strict = await labelAudit.detect({ ...setting.input, train: nudged }, { ...options, relativeTolerance: 1e-4 }, detectContext());
    expect(strict.suspects.length).toBe(to);
  });
});
