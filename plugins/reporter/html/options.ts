/** Resolved options of the html reporter (options.schema.json; a test keeps the two in sync). */
export interface HtmlOptions {
  /** Output file, relative to `<out>/<spec name>/` and inside it (no absolute path, no `..`). @default "report.html" */
  file: string;
  /** Most runs whose chart details are drawn. @default 10 */
  maxDetailRuns: number;
  /** Most 2-D projections of the maximizers per run. @default 6 */
  maxProjections: number;
  /** Most maximizers drawn per projection (flagged ones always kept). @default 3000 */
  maxPoints: number;
}
