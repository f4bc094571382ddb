/** Resolved options of the junit reporter (options.schema.json; a test keeps the two in sync). */
export interface JunitOptions {
  /** Output file, relative to `<out>/<spec name>/` and inside it (no absolute path, no `..`). @default "junit.xml" */
  file: string;
}
