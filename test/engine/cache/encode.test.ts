import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeData, encodeData, NotPlainData } from '../../../src/engine/cache/encode.ts';

/** Plain stage-like data: nested objects and arrays of numbers (NaN, ±Infinity, -0 included), strings, typed arrays. */
const plain = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double(),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.float64Array({ maxLength: 20 }),
    fc.float32Array({ maxLength: 20 }),
    fc.uint32Array({ maxLength: 20 }),
    fc.int8Array({ maxLength: 9 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$t', '$n', '$u', '$o')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Equality that tells NaN, -0 and typed-array types apart, bit for bit. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number') return typeof b === 'number' && Object.is(a, b);
  if (ArrayBuffer.isView(a)) {
    if (!ArrayBuffer.isView(b) || a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false;
    return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
  }
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((e, i) => same(e, b[i]));
  if (a && typeof a === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

describe('cache encoding', () => {
  it('round-trips plain data bit for bit (NaN payloads aside: NaN stays NaN, -0 stays -0)', () => {
    fc.assert(fc.property(plain, (v) => same(decodeData(encodeData(v)), v)), { numRuns: 300 });
  });

  it('keeps an own `__proto__` key as data (found by the property above: assignment dropped it)', () => {
    const v = JSON.parse('{"__proto__": 0, "a": {"__proto__": [1]}}') as unknown;
    expect(same(decodeData(encodeData(v)), v)).toBe(true);
  });

  it('keeps subarray views to their own elements and undefined array entries', () => {
    const big = Float64Array.from([1, 2, 3, 4, 5]);
    const out = decodeData(encodeData({ v: big.subarray(1, 3), a: [1, undefined, 2], y: undefined })) as { v: Float64Array; a: unknown[] };
    expect(Array.from(out.v)).toEqual([2, 3]);
    expect(out.a).toEqual([1, undefined, 2]);
    expect('y' in out).toBe(false);
  });

  it('refuses functions and class instances (models, oracles), which stay in memory', () => {
    expect(() => encodeData({ model: { predict() {} } })).toThrow(NotPlainData);
    expect(() => encodeData({ when: new Date(0) })).toThrow(NotPlainData);
  });

  it('detects truncated payloads', () => {
    const buf = encodeData({ x: new Float64Array(10) });
    expect(() => decodeData(buf.subarray(0, buf.length - 8))).toThrow(/truncated/);
  });
});
