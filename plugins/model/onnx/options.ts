/**
 * Resolved options of the `onnx` model plugin (every field filled in from options.schema.json's
 * defaults; a test keeps the two in sync).
 */

/** An affine map applied per feature: offset[j] + scale[j] * x_j. */
export interface FeatureAffine {
  readonly offset: readonly number[];
  readonly scale: readonly number[];
}

/** Resolved `onnx` options; see options.schema.json for each field's meaning. */
export interface OnnxModelOptions {
  /** The .onnx file. */
  readonly path: string;
  /** Graph input to feed. @default null (the first input) */
  readonly inputName: string | null;
  /** Graph output with the predictions. @default null (the first output) */
  readonly outputName: string | null;
  /** Model input j = offset[j] + scale[j] * normalized x_j. @default null (normalized features) */
  readonly inputAffine: FeatureAffine | null;
  /** Prediction = offset + scale * model output. @default { offset: 0, scale: 1 } */
  readonly outputAffine: { readonly offset: number; readonly scale: number };
  /** Central finite-difference step in normalized units. @default 0.001 */
  readonly fdStep: number;
  /** Most rows per session.run. @default 65536 */
  readonly batchSize: number;
  /** onnxruntime intra-op threads (0: onnxruntime's choice). @default 1 */
  readonly threads: number;
}
