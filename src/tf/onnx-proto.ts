/**
 * A minimal ONNX protobuf writer: just the messages needed to build a graph of standard operators in
 * memory (ModelProto, GraphProto, NodeProto, AttributeProto, ValueInfoProto, TensorProto) and hand it
 * to onnxruntime as bytes. Field numbers follow onnx/onnx.proto (IR version 8, opset 13).
 */

/** Protobuf wire-format writer (varints, length-delimited fields). */
class Writer {
  private readonly bytes: number[] = [];

  varint(v: number): this {
    while (v > 127) {
      this.bytes.push((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
    return this;
  }
  /** Field `field` as a varint (int32/int64 >= 0, enums). */
  int(field: number, v: number): this {
    return this.varint(field * 8).varint(v);
  }
  /** Field `field` as length-delimited bytes (strings, sub-messages, packed arrays). */
  bytesField(field: number, b: Uint8Array): this {
    this.varint(field * 8 + 2).varint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }
  float(field: number, v: number): this {
    this.varint(field * 8 + 5);
    for (const x of new Uint8Array(Float32Array.of(v).buffer)) this.bytes.push(x);
    return this;
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** An attribute value: a float, an int, or a list of ints. */
export type AttrValue = { f: number } | { i: number } | { ints: number[] };

/** One graph node: operator type, input and output names, attributes. */
export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs?: Readonly<Record<string, AttrValue>>;
}

/** A float32 or int64 constant. */
export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly float?: readonly number[];
  readonly int64?: readonly number[];
}

/** A graph input or output: name and float32 shape (strings are symbolic dimensions). */
export interface OnnxValue {
  readonly name: string;
  readonly shape: readonly (number | string)[];
}

const FLOAT = 1, INT64 = 7;

function attribute(name: string, v: AttrValue): Uint8Array {
  const w = new Writer().string(1, name);
  if ('f' in v) return w.float(2, v.f).int(20, 1).finish();
  if ('i' in v) return w.int(3, v.i).int(20, 2).finish();
  for (const x of v.ints) w.int(8, x);
  return w.int(20, 7).finish();
}

function node(n: OnnxNode, index: number): Uint8Array {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, `n${index}`).string(4, n.op);
  for (const [k, v] of Object.entries(n.attrs ?? {})) w.bytesField(5, attribute(k, v));
  return w.finish();
}

function valueInfo(v: OnnxValue): Uint8Array {
  const shape = new Writer();
  for (const d of v.shape) shape.bytesField(1, typeof d === 'number' ? new Writer().int(1, d).finish() : new Writer().string(2, d).finish());
  const tensor = new Writer().int(1, FLOAT).bytesField(2, shape.finish()).finish();
  return new Writer().string(1, v.name).bytesField(2, new Writer().bytesField(1, tensor).finish()).finish();
}

function initializer(t: OnnxInitializer): Uint8Array {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.int64 ? INT64 : FLOAT).string(8, t.name);
  const raw = t.int64 ? new Uint8Array(BigInt64Array.from(t.int64.map(BigInt)).buffer) : new Uint8Array(Float32Array.from(t.float ?? []).buffer);
  return w.bytesField(9, raw).finish();
}

/** The serialized ModelProto of a graph (IR version 8, default-domain opset 13). */
export function onnxModel(graph: { nodes: readonly OnnxNode[]; inputs: readonly OnnxValue[]; outputs: readonly OnnxValue[]; initializers: readonly OnnxInitializer[] }): Uint8Array {
  const g = new Writer();
  graph.nodes.forEach((n, i) => g.bytesField(1, node(n, i)));
  g.string(2, 'regaudit');
  for (const t of graph.initializers) g.bytesField(5, initializer(t));
  for (const v of graph.inputs) g.bytesField(11, valueInfo(v));
  for (const v of graph.outputs) g.bytesField(12, valueInfo(v));
  const opset = new Writer().string(1, '').int(2, 13).finish();
  return new Writer().int(1, 8).string(2, 'regaudit').bytesField(7, g.finish()).bytesField(8, opset).finish();
}
