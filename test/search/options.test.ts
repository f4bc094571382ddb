import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/search-options.schema.json' with { type: 'json' };
import { resolveSearchOptions, type SearchOptions } from '../../src/search/options.ts';

// Compile-time list of the interface's fields: adding a field to SearchOptions without listing it fails tsc.
const fields: Record<keyof SearchOptions, true> = {
  seeds: true, seedFraction: true, randomSeeds: true, rounds: true, carryFraction: true, jitter: true,
  initialStep: true, stepDecay: true, roundStepFactor: true, maxSteps: true, tolerance: true,
  roundToleranceFactor: true, fdStep: true, mergeTolerance: true, backtrackSteps: true, batchSize: true,
  randomBaseline: true,
};

describe('search options', () => {
  it('the schema and the SearchOptions interface list the same fields, each with a default', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(fields).sort());
    for (const p of Object.values(schema.properties)) expect(p).toHaveProperty('default');
  });

  it('ajv with useDefaults resolves {} to the same options as resolveSearchOptions, and they validate', () => {
    const ajv = new Ajv({ useDefaults: true, allErrors: true });
    const validate = ajv.compile(schema);
    const filled: Record<string, unknown> = {};
    expect(validate(filled)).toBe(true);
    expect(filled).toEqual(resolveSearchOptions());
    expect(validate({ seeds: 'nearby' })).toBe(false);
    expect(validate({ seedFraction: 0 })).toBe(false);
  });
});
