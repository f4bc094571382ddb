/**
 * Renders a Vega-Lite spec to an SVG string at report time (vega-lite compiles it to Vega, a headless
 * Vega view draws it), so the page needs no script to show its charts. Specs carry their data inline;
 * nothing is loaded. Vega escapes every string it writes into the SVG.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Markup } from './markup.ts';

/** Looks shared by every chart. */
const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 240 },
  title: { fontSize: 13, anchor: 'start' },
} as const;

/** The chart drawn as inline SVG markup. */
export async function renderSvg(spec: TopLevelSpec): Promise<Markup> {
  const compiled = compile({ ...spec, config: { ...CONFIG, ...spec.config } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return new Markup(await view.toSVG());
  } finally {
    view.finalize();
  }
}
