/** Resolved options of the himalaya oracle (kept in sync with options.schema.json by a test). */

/** Options of the `himalaya` oracle, every field filled in from the schema's defaults. */
export interface HimalayaOptions {
  /** @default 20000 */
  paths: number;
  /** @default 1 */
  seed: number;
  /** @default true */
  antithetic: boolean;
}
