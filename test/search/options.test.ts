import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/search-options.schema.json' with { type: 'json' };
import { resolveSearchOptions } from '../../src/search/options.ts';

describe('search options', () => {
  it('every field of the schema has a default (SearchOptions is the generated type with all fields required)', () => {
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
