import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/core/plugin.ts';
import { checkedPluginOptions } from '../../src/spec/ajv.ts';

const plugin = {
  name: 'toy',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { size: { type: 'integer', minimum: 1, default: 3 }, label: { type: 'string', default: 'x' } },
  } as JsonSchema,
};

describe('checkedPluginOptions', () => {
  it('returns a copy with the defaults filled in, leaving the given object as it was', () => {
    const given = { size: 5 };
    const options = checkedPluginOptions(plugin, given, ['with'], () => new Error('unexpected'));
    expect(options).toEqual({ size: 5, label: 'x' });
    expect(given).toEqual({ size: 5 });
  });

  it("throws the caller's error for the first problem, naming the plugin and the option's path under the base", () => {
    const seen: unknown[] = [];
    const fail = (origin: unknown, problem: string) => {
      seen.push(origin);
      return new Error(problem);
    };
    expect(() => checkedPluginOptions(plugin, { size: 0 }, ['reporters', 2, 'with'], fail)).toThrow(/>= 1|at least 1|minimum/);
    expect(seen).toEqual([{ plugin: 'toy', path: 'reporters[2].with.size' }]);
  });
});
