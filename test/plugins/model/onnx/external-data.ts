/**
 * A hand-encoded ONNX model (protobuf) whose one weight lives in an external data file: y = x · W with
 * x [n, 5] float and W [5, 1] stored at `location` (relative to the model's directory, as exporters
 * write it). Lets the tests check where onnxruntime reads external data from without the `onnx` Python
 * package. Field numbers from onnx/onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto,
 * ValueInfoProto, TypeProto).
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

/** ValueInfoProto of a float tensor with a dynamic first dimension and `columns` columns. */
function floatMatrix(name: string, columns: number): number[] {
  const shape = [...bytes(1, bytes(2, 'n')), ...bytes(1, int(1, columns))];
  return [...bytes(1, name), ...bytes(2, bytes(1, [...int(1, FLOAT), ...bytes(2, shape)]))];
}

/** The model's bytes: input `x` [n, 5], output `y` [n, 1], weight `W` [5, 1] in the file `location`. */
export function externalWeightModel(location: string): Uint8Array {
  const weight = [
    ...int(1, 5), ...int(1, 1), ...int(2, FLOAT), ...bytes(8, 'W'),
    ...bytes(13, [...bytes(1, 'location'), ...bytes(2, location)]),
    ...int(14, EXTERNAL),
  ];
  const node = [...bytes(1, 'x'), ...bytes(1, 'W'), ...bytes(2, 'y'), ...bytes(3, 'matmul'), ...bytes(4, 'MatMul')];
  const graph = [...bytes(1, node), ...bytes(2, 'g'), ...bytes(5, weight), ...bytes(11, floatMatrix('x', 5)), ...bytes(12, floatMatrix('y', 1))];
  return Uint8Array.from([...int(1, 8), ...bytes(8, [...bytes(1, ''), ...int(2, 13)]), ...bytes(7, graph)]);
}

/** The external data file of W: five little-endian float32 values. */
export function weightFile(values: readonly number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}
