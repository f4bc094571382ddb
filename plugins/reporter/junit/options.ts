/** Resolved options of the junit reporter (options.schema.json; a test keeps the two in sync). */
export interface JunitOptions {
  /** Output file, relative to `<out>/<spec name>/`. @default "junit.xml" */
  file: string;
}

/** Every option key, checked against the schema's properties by a test. */
export const junitOptionKeys = { file: true } satisfies Record<keyof JunitOptions, true>;
