/** The report page's stylesheet (inline: the page loads nothing). */
import { Markup } from './markup.ts';

/** CSS for report.html; trusted markup, no spec string ever reaches it. */
export const STYLE = new Markup(`
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2329; background: #f5f6f8; }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 12px 24px; }
header { background: #fff; border-bottom: 1px solid #dde1e6; }
h1 { display: inline-block; margin: 8px 12px 4px 0; font-size: 22px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 24px 0 8px; overflow-wrap: anywhere; }
h3 { font-size: 15px; margin: 16px 0 6px; overflow-wrap: anywhere; }
h4 { font-size: 14px; margin: 12px 0 4px; }
.status { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; color: #fff; vertical-align: 4px; }
.status.passed { background: #1a7f37; } .status.failed { background: #cf222e; }
.status.errored { background: #8250df; } .status.interrupted { background: #9a6700; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dt { color: #57606a; } dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; background: #fff; margin: 4px 0 12px; font-size: 13px; }
th, td { border: 1px solid #dde1e6; padding: 3px 8px; text-align: left; vertical-align: top; max-width: 420px; overflow-wrap: break-word; }
th { background: #eef1f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.fail td:first-child { color: #cf222e; font-weight: 700; } tr.pass td:first-child { color: #1a7f37; }
tr.errored td, tr.skipped td, tr.interrupted td { color: #6e7781; }
section.run { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 4px 16px 12px; margin: 12px 0; }
.figs { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure { margin: 8px 0; background: #fff; padding: 6px; border: 1px solid #eef1f4; max-width: 100%; overflow-x: auto; }
figcaption { font-weight: 600; margin-bottom: 4px; overflow-wrap: anywhere; }
figure.empty { min-width: 240px; }
.nodata { color: #6e7781; font-style: italic; }
.note { color: #57606a; font-size: 12px; max-width: 640px; }
footer { color: #6e7781; font-size: 12px; }
`);
