/**
 * Hand-encoded ONNX models (protobuf) of one matrix product, y = x · W with x [batch, 5] float and W
 * [5, outputs]: shapes and weight storage the tests need without the `onnx` Python package (external
 * data at a chosen location, a fixed batch dimension, several outputs). Field numbers from
 * onnx/onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto, TypeProto).
 */

/** A protobuf varint. */
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** A varint field. */
const int = (field: number, value: number): number[] => [...varint(field << 3), ...varint(value)];

/** A length-delimited field (string or nested message). */
function bytes(field: number, payload: number[] | string): number[] {
  const body = typeof payload === 'string' ? [...Buffer.from(payload, 'utf8')] : payload;
  return [...varint((field << 3) | 2), ...varint(body.length), ...body];
}

const FLOAT = 1;
const EXTERNAL = 1;

/** ValueInfoProto of a float matrix: `rows` a symbolic (string) or fixed dimension, `columns` columns. */
function floatMatrix(name: string, rows: string | number, columns: number): number[] {
  const first = typeof rows === 'string' ? bytes(2, rows) : int(1, rows);
  const shape = [...bytes(1, first), ...bytes(1, int(1, columns))];
  return [...bytes(1, name), ...bytes(2, bytes(1, [...int(1, FLOAT), ...bytes(2, shape)]))];
}

/** Where W's 5 x outputs values are: in the model (raw little-endian float32) or in an external file. */
export type WeightStorage = { readonly values: readonly number[] } | { readonly location: string };

/** The model's bytes: input `x` [batch, 5], output `y` [batch, outputs], weight `W` [5, outputs]. */
export function matmulModel(weight: WeightStorage, shape: { batch?: string | number; outputs?: number } = {}): Uint8Array {
  const { batch = 'n', outputs = 1 } = shape;
  const storage = 'location' in weight
    ? [...bytes(13, [...bytes(1, 'location'), ...bytes(2, weight.location)]), ...int(14, EXTERNAL)]
    : bytes(9, [...weightFile(weight.values)]);
  const tensor = [...int(1, 5), ...int(1, outputs), ...int(2, FLOAT), ...bytes(8, 'W'), ...storage];
  const node = [...bytes(1, 'x'), ...bytes(1, 'W'), ...bytes(2, 'y'), ...bytes(3, 'matmul'), ...bytes(4, 'MatMul')];
  const graph = [...bytes(1, node), ...bytes(2, 'g'), ...bytes(5, tensor), ...bytes(11, floatMatrix('x', batch, 5)), ...bytes(12, floatMatrix('y', batch, outputs))];
  return Uint8Array.from([...int(1, 8), ...bytes(8, [...bytes(1, ''), ...int(2, 13)]), ...bytes(7, graph)]);
}

/** W's values as stored: little-endian float32 (an external data file, or raw_data in the model). */
export function weightFile(values: readonly number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}
