import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, suggestionText } from '../../src/spec/suggest.ts';

describe('didYouMean', () => {
  const keys = ['seed', 'data', 'train', 'test', 'oracle', 'model', 'attack', 'repeats'];

  it('suggests a name with two adjacent letters swapped, also in short names', () => {
    expect(didYouMean('sede', keys)).toBe('seed');
    expect(didYouMean('trian', keys)).toBe('train');
    expect(didYouMean('DATA', keys)).toBe('data');
    expect(suggestionText('oracel', keys)).toBe(' Did you mean `oracle`?');
  });

  it('suggests near misses by edit distance and nothing for unrelated names', () => {
    expect(didYouMean('repeat', keys)).toBe('repeats');
    expect(didYouMean('modle', keys)).toBe('model');
    expect(didYouMean('zzzz', keys)).toBeUndefined();
    expect(didYouMean('seed', [])).toBeUndefined();
    expect(suggestionText('zzzz', keys)).toBe('');
  });

  it('suggests the longest candidate a longer name spells out', () => {
    const bounds = ['metric', 'min', 'max', 'maxIncrease', 'maxDecrease', 'on', 'where'];
    expect(didYouMean('minimum', bounds)).toBe('min');
    expect(didYouMean('maximum', bounds)).toBe('max');
    expect(didYouMean('maxIncreaseRatio', bounds)).toBe('maxIncrease');
    expect(didYouMean('onward', ['on'])).toBeUndefined();
  });

  it('suggests every candidate from any one adjacent swap of it', () => {
    fc.assert(fc.property(fc.constantFrom(...keys), fc.nat(), (key, n) => {
      const i = n % (key.length - 1);
      const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
      expect(didYouMean(swapped, keys)).toBe(key);
    }));
  });
});
