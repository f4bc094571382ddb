import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { MlpOptions } from '../../../../plugins/model/mlp/options.ts';
import schema from '../../../../plugins/model/mlp/options.schema.json' with { type: 'json' };

// Compile-time list of the interface's fields: adding a field to MlpOptions without listing it fails tsc.
const fields: Record<keyof MlpOptions, true> = {
  hidden: true, optimizer: true, learningRate: true, lrDropEvery: true, lrDropFactor: true, maxEpochs: true,
  stopWindow: true, stopTolerance: true, batchSize: true, chunkRows: true, threads: true, engine: true, standardizeInputs: true,
  emaDecay: true,
};

describe('mlp options', () => {
  it('the schema and the MlpOptions interface list the same fields, each with a default', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(fields).sort());
    for (const p of Object.values(schema.properties)) expect(p).toHaveProperty('default');
  });

  it('defaults are the paper\'s setup and bad values are refused', () => {
    const validate = new Ajv({ useDefaults: true, allErrors: true }).compile(schema);
    const o: Record<string, unknown> = {};
    expect(validate(o)).toBe(true);
    expect(o).toMatchObject({ hidden: [128, 256, 512, 256, 128], optimizer: 'adam', learningRate: 0.01, lrDropEvery: 50, lrDropFactor: 0.1, stopWindow: 10, stopTolerance: 0.001, batchSize: 'full' });
    expect(validate({ batchSize: 0 })).toBe(false);
    expect(validate({ batchSize: 'half' })).toBe(false);
    expect(validate({ optimizer: 'rmsprop' })).toBe(false);
    expect(validate({ hidden: [] })).toBe(false);
    expect(validate({ threads: 0 })).toBe(false);
    expect(validate({ engine: 'torch' })).toBe(false);
    expect(validate({ emaDecay: 1 })).toBe(false);
    expect(validate({ emaDecay: -0.1 })).toBe(false);
  });
});
