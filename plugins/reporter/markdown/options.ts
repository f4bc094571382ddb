/** Resolved options of the markdown reporter (options.schema.json; a test keeps the two in sync). */
export interface MarkdownOptions {
  /** Output file, relative to `<out>/<spec name>/` and inside it (no absolute path, no `..`). @default "summary.md" */
  file: string;
  /** Also append to the file named by $GITHUB_STEP_SUMMARY when it is set. @default true */
  stepSummary: boolean;
  /** Most runs listed in the runs table. @default 100 */
  maxRuns: number;
}
