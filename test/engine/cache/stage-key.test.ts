import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, stageKey } from '../../../src/engine/stage-key.ts';

const json = fc.jsonValue({ maxDepth: 3 });
const options = fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 5 });

/** `o` with its keys (at every level) in reverse insertion order. */
function reordered(o: unknown): unknown {
  if (Array.isArray(o)) return o.map(reordered);
  if (o && typeof o === 'object') return Object.fromEntries(Object.entries(o).reverse().map(([k, v]) => [k, reordered(v)]));
  return o;
}

const key = (opts: unknown, seed = 1, inputs: string[] = ['sample-x']) => stageKey({ stage: 'fit', plugin: { name: 'mlp', version: '1.0.0', options: opts }, inputs, seed });

describe('stage keys', () => {
  it('never share a key between different options (canonical JSON differs => key differs)', () => {
    fc.assert(
      fc.property(options, options, (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        expect(key(a)).not.toBe(key(b));
      }),
      { numRuns: 500 },
    );
  });

  it('do not depend on the key order of options', () => {
    fc.assert(fc.property(options, (a) => key(reordered(a)) === key(a)), { numRuns: 300 });
  });

  it('change with the seed, the inputs and the plugin version', () => {
    fc.assert(
      fc.property(options, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (o, s1, s2) => {
        fc.pre(s1 !== s2);
        expect(key(o, s1)).not.toBe(key(o, s2));
        expect(key(o, s1, ['a'])).not.toBe(key(o, s1, ['b']));
        expect(stageKey({ stage: 'fit', plugin: { name: 'mlp', version: '1.0.1', options: o }, inputs: ['sample-x'], seed: s1 })).not.toBe(key(o, s1));
      }),
      { numRuns: 200 },
    );
  });
});
