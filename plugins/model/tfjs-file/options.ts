/**
 * Resolved options of the `tfjs-file` model plugin (every field filled in from options.schema.json's
 * defaults; a test keeps the two in sync).
 */

/** Resolved `tfjs-file` options; see options.schema.json for each field's meaning. */
export interface TfjsFileOptions {
  /** The model.json file or its directory. */
  readonly path: string;
  /** Most rows per forward or backward pass. @default 16384 */
  readonly batchSize: number;
}
