import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mitigationCurves } from '../../../plugins/reporter/html/charts.ts';
import { mitigationFigures, pointsToDraw, projectionPairs } from '../../../plugins/reporter/html/figures.ts';
import html, { buildHtml } from '../../../plugins/reporter/html/index.ts';
import { escapeHtml, html as tag, Markup } from '../../../plugins/reporter/html/markup.ts';
import type { HtmlOptions } from '../../../plugins/reporter/html/options.ts';
import type { AuditReport } from '../../../src/core/report.ts';
import { schemaKeys, tempContext } from './context.ts';
import { HOSTILE, baselineReport, minimalReport, sampleReport } from './reports.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

/** Every option key of the TypeScript type (the compiler checks the list), compared with the schema below. */
const htmlOptionKeys = { file: true, maxDetailRuns: true, maxProjections: true, maxPoints: true } satisfies Record<keyof HtmlOptions, true>;

const defaults = optionsWithDefaults<HtmlOptions>(html.optionsSchema);

describe('html reporter', () => {
  it('writes one self-contained page: no script, no external resource, inline SVG charts', async () => {
    const ctx = await tempContext(baselineReport());
    await html.onAuditEnd(sampleReport(), defaults, ctx);
    const page = await readFile(join(ctx.outDir, 'report.html'), 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    // Every start tag (attributes are always double-quoted) is a plain element: no script, nothing loaded.
    const tags = [...page.matchAll(/<([a-zA-Z][^\s>/]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)];
    const names = new Set(tags.map((t) => t[1]!.toLowerCase()));
    const attrs = new Set(tags.flatMap((t) => [...t[2]!.matchAll(/\s([^\s=>]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase())));
    for (const good of ['html', 'style', 'table', 'td', 'svg', 'path', 'text']) expect(names).toContain(good);
    for (const bad of ['script', 'link', 'iframe', 'img', 'object', 'embed', 'image', 'use', 'foreignobject', 'a']) expect(names).not.toContain(bad);
    for (const bad of ['src', 'href', 'xlink:href', 'srcset', 'action']) expect(attrs).not.toContain(bad);
    expect([...attrs].filter((a) => a.startsWith('on'))).toEqual([]);
    expect(page).not.toMatch(/@import|url\(/);
    // The only URLs are XML namespace names on the inline SVGs.
    const urls = page.match(/https?:\/\/[^\s"'<)]+/g) ?? [];
    expect(urls.filter((u) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/.test(u) && u !== 'https://example.invalid/')).toEqual([]);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // Sweep bars (2), Figure 1 (1 defense), Figures 2/3 (1 defense), projections of 3 features (3).
    expect(page.match(/<svg\b/g)).toHaveLength(7);
  });

  it('plots rounds of one alpha (active learning) by round, and only the error metrics of mitigation points', async () => {
    const rounds = [1, 2, 3].map((round) => ({ alpha: 0.99, variant: `round-${round}`, metrics: { 'clean.mse': 1 / round, 'attack.mse': 2 / round, round, maximizers: 10 * round, oracleCalls: 100 * round } }));
    const [figure] = await mitigationFigures({ mitigation: { 'active-learning': rounds } });
    expect(figure!.svg!.value).toContain('clean.mse');
    expect(figure!.svg!.value).not.toMatch(/oracleCalls|maximizers/);
    const spec = mitigationCurves([{ alpha: 0.99, variant: 'round-1', metric: 'clean.mse', value: 1 }, { alpha: 0.99, variant: 'round-2', metric: 'clean.mse', value: 0.5 }]) as unknown as { spec: { encoding: { x: { field: string }; color?: unknown } } };
    expect(spec.spec.encoding.x.field).toBe('variant');
    expect(spec.spec.encoding.color).toBeUndefined();
    const alphas = mitigationCurves([{ alpha: 0.5, variant: 'S0+M0', metric: 'clean.mse', value: 1 }, { alpha: 0.9, variant: 'S0+M0', metric: 'clean.mse', value: 0.5 }]) as unknown as { spec: { encoding: { x: { field: string } } } };
    expect(alphas.spec.encoding.x.field).toBe('alpha');
    // a detector's two variants at a single alpha stay on the alpha axis, one line per variant
    const single = mitigationCurves([{ alpha: 0.99, variant: 'S0+M0', metric: 'clean.mse', value: 1 }, { alpha: 0.99, variant: 'S0+M0-Q', metric: 'clean.mse', value: 0.5 }]) as unknown as { spec: { encoding: { x: { field: string }; color?: unknown } } };
    expect(single.spec.encoding.x.field).toBe('alpha');
    expect(single.spec.encoding.color).toBeDefined();
  });

  it('says that a run\'s charts show repeat 0 when the run has repeats', async () => {
    const report = sampleReport();
    const stats = { 'clean.mse': { n: 3, mean: 1, std: 0.1, lo: 0.8, hi: 1.2, values: [0.9, 1, 1.1], method: 't' as const } };
    const withRepeats = { ...report, runs: report.runs.map((r) => ({ ...r, stats })) };
    expect(await buildHtml(withRepeats, defaults)).toContain('Charts of repeat 0 of 3 (the first training)');
    expect(await buildHtml(report, defaults)).not.toContain('Charts of repeat 0');
  });

  it('escapes every spec string: names, params, feature names, variants, messages', async () => {
    const page = await buildHtml(sampleReport(), defaults, baselineReport());
    // Every hostile string with a character HTML reads as syntax appears only escaped.
    for (const s of Object.values(HOSTILE).filter((v) => /[<>&"'\u0000-\u0008]/.test(v))) expect(page).not.toContain(s);
    expect(page).toContain(escapeHtml(HOSTILE.script));
    expect(page).toContain(escapeHtml(HOSTILE.img));
    expect(page).toContain('end]]&gt;after');
    expect(page).not.toMatch(/[\u0000-\u0008]/);
  });

  it('says "no data" for every figure a report has no data for', async () => {
    const page = await buildHtml(minimalReport(), defaults);
    expect(page).toContain('no data: no run reports attack.successRate');
    expect(page).toContain('no data: no run reports clean.mseDrift');
    expect(page).toContain('no data: no run kept chart details');
    expect(page).not.toContain('<svg');
    const bare: AuditReport = { ...minimalReport(), runs: [{ ...minimalReport().runs[0]!, details: { featureNames: ['a'] } }] };
    const partial = await buildHtml(bare, defaults);
    expect(partial).toContain('no data: no defense reported concentrations');
    expect(partial).toContain('no data: no defense retrained the model');
    expect(partial).toContain('no data: the run found or kept no maximizers');
  });

  it('draws details of at most maxDetailRuns runs', async () => {
    const base = sampleReport();
    const runs = base.runs.map((r, i) => (i === 0 ? { ...r, details: base.runs[1]!.details } : r));
    const page = await buildHtml({ ...base, runs }, { ...defaults, maxDetailRuns: 1 });
    expect(page).toContain('1 more runs with details are not drawn');
    expect(page.match(/<svg\b/g)).toHaveLength(7);
  });

  it('projects on the features the backdoor narrows first', () => {
    const region = { lower: [0, 0.4, 0, 0.2], upper: [1, 0.5, 1, 0.3] };
    expect(projectionPairs(4, region, 3)).toEqual([[1, 3], [1, 0], [1, 2]]);
    expect(projectionPairs(3, undefined, 10)).toEqual([[0, 1], [0, 2], [1, 2]]);
  });

  it('thins points evenly but keeps every flagged maximizer', () => {
    const flagged = new Set([3, 997]);
    const kept = pointsToDraw(1000, flagged, 50);
    expect(kept).toHaveLength(50);
    expect(kept).toContain(3);
    expect(kept).toContain(997);
    expect(new Set(kept).size).toBe(50);
    expect(kept[kept.length - 1]! - kept[0]!).toBeGreaterThan(900);
    expect(pointsToDraw(5, flagged, 50)).toEqual([0, 1, 2, 3, 4]);
  });

  it('writes a page for an audit that stopped before any run', async () => {
    const page = await buildHtml({ ...minimalReport(), status: 'errored', gates: [], runs: [] }, defaults);
    expect(page).toContain('The spec declares no gates.');
    expect(page).toContain('no runs');
    expect(page).toContain('<span class="status errored">errored</span>');
  });

  it('escapes any string to text with no markup characters left', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"'\u0000-\u0008]/);
        expect(out).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
      }),
    );
  });

  it('escapes interpolations in the html template but not Markup', () => {
    expect(tag`<p>${'<b>&"\''}</p>${new Markup('<i>ok</i>')}${['<', tag`<br>`]}${null}${false}`.value).toBe('<p>&lt;b&gt;&amp;&quot;&#39;</p><i>ok</i>&lt;<br>');
  });

  it('declares exactly the options its interface has, all with defaults', () => {
    expect(schemaKeys(html)).toEqual(Object.keys(htmlOptionKeys).sort());
    expect(defaults).toEqual({ file: 'report.html', maxDetailRuns: 10, maxProjections: 6, maxPoints: 3000 });
  });
});
