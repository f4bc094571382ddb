import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/core/plugin.ts';
import { optionsWithDefaults } from '../../src/spec/ajv.ts';

const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { size: { type: 'integer', minimum: 1, default: 3 }, name: { type: 'string', default: 'x' } },
};

describe('optionsWithDefaults', () => {
  it('fills the schema defaults into a copy, leaving the given object as it was', () => {
    const given = { size: 5 };
    expect(optionsWithDefaults(schema, given)).toEqual({ size: 5, name: 'x' });
    expect(given).toEqual({ size: 5 });
    expect(optionsWithDefaults(schema)).toEqual({ size: 3, name: 'x' });
  });

  it('throws naming the bad options and what is wrong', () => {
    expect(() => optionsWithDefaults(schema, { size: 0 })).toThrow(/invalid options \{"size":0\}: .*size must be >= 1/);
    expect(() => optionsWithDefaults(schema, { colour: 'red' })).toThrow(/must NOT have additional properties/);
  });
});
