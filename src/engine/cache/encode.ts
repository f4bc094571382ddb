/**
 * Bit-exact binary encoding of plain stage data: JSON for the structure, with every typed array stored
 * as raw bytes after it (8-byte aligned) and non-finite numbers and -0 spelled out, so a decoded value
 * equals the encoded one bit for bit. Functions and class instances (models, oracles) are refused with
 * NotPlainData; the disk cache then keeps such outputs in memory only.
 */

/** Thrown when a value holds something that is not plain data. */
export class NotPlainData extends Error {
  override readonly name = 'NotPlainData';
}

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/** Markers the encoding reserves: a plain object using one of these keys is wrapped in `$o`. */
const RESERVED = ['$t', '$n', '$u', '$o'];

function typedName(v: object): TypedName | undefined {
  const name = v.constructor?.name as TypedName | undefined;
  return name && Object.hasOwn(TYPED, name) && ArrayBuffer.isView(v) ? name : undefined;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Encodes `value` (plain objects, arrays, numbers, strings, booleans, null, undefined, typed arrays). */
export function encodeData(value: unknown): Buffer {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const walk = (v: unknown, path: string): unknown => {
    if (v === undefined) return { $u: 1 };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { $n: Object.is(v, -0) ? '-0' : String(v) };
    }
    if (typeof v !== 'object') throw new NotPlainData(`${path} is a ${typeof v}`);
    const t = typedName(v);
    if (t) {
      const a = v as Typed;
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      const at = offset;
      blobs.push(bytes);
      const padded = Math.ceil(a.byteLength / 8) * 8;
      if (padded > a.byteLength) blobs.push(new Uint8Array(padded - a.byteLength));
      offset += padded;
      return { $t: t, o: at, l: a.length };
    }
    if (Array.isArray(v)) return v.map((e, i) => walk(e, `${path}[${i}]`));
    if (!isPlainObject(v)) throw new NotPlainData(`${path} is a ${v.constructor?.name ?? 'non-plain object'}`);
    // fromEntries defines own properties, so a key such as `__proto__` stays data (assignment would set the prototype)
    const out = Object.fromEntries(Object.entries(v).filter(([, e]) => e !== undefined).map(([k, e]) => [k, walk(e, `${path}.${k}`)]));
    return Object.keys(out).some((k) => RESERVED.includes(k)) ? { $o: out } : out;
  };
  const json = Buffer.from(JSON.stringify(walk(value, 'value')), 'utf8');
  const head = Buffer.alloc(8);
  head.writeUInt32LE(json.length, 0);
  const pad = Buffer.alloc((8 - (json.length % 8)) % 8);
  return Buffer.concat([head, json, pad, ...blobs]);
}

/** Decodes what `encodeData` wrote; typed arrays are fresh copies. Throws on malformed input. */
export function decodeData(buf: Buffer): unknown {
  if (buf.length < 8) throw new Error('encoded data is truncated');
  const jsonLength = buf.readUInt32LE(0);
  const jsonEnd = 8 + jsonLength;
  if (jsonEnd > buf.length) throw new Error('encoded data is truncated');
  const base = jsonEnd + ((8 - (jsonLength % 8)) % 8);
  const tree = JSON.parse(buf.toString('utf8', 8, jsonEnd)) as unknown;
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as Record<string, unknown>;
    if ('$u' in o) return undefined;
    if ('$n' in o) return o.$n === '-0' ? -0 : Number(o.$n);
    if ('$t' in o) {
      const Ctor = TYPED[o.$t as TypedName];
      if (!Ctor) throw new Error(`unknown typed array ${String(o.$t)}`);
      const start = base + (o.o as number);
      const end = start + (o.l as number) * Ctor.BYTES_PER_ELEMENT;
      if (end > buf.length) throw new Error('encoded data is truncated');
      const copy = new Uint8Array(end - start);
      copy.set(buf.subarray(start, end));
      return new Ctor(copy.buffer);
    }
    const inner = ('$o' in o ? o.$o : o) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(inner).map(([k, e]) => [k, walk(e)]));
  };
  return walk(tree);
}
