import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { escapeMarkdown } from '../../../plugins/reporter/markdown/escape.ts';
import markdown, { buildMarkdown } from '../../../plugins/reporter/markdown/index.ts';
import type { MarkdownOptions } from '../../../plugins/reporter/markdown/options.ts';
import { schemaKeys, tempContext } from './context.ts';
import { HOSTILE, baselineReport, minimalReport, sampleReport } from './reports.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

/** Every option key of the TypeScript type (the compiler checks the list), compared with the schema below. */
const markdownOptionKeys = { file: true, stepSummary: true, maxRuns: true } satisfies Record<keyof MarkdownOptions, true>;

// Raw HTML allowed, as in GitHub's renderer before sanitizing: escaping must stop it, not the renderer.
const renderer = new MarkdownIt({ html: true, linkify: false });

/** Renders Markdown and returns the HTML and the tables' rows as arrays of cell texts. */
function render(text: string): { html: string; tables: string[][][] } {
  const tokens = renderer.parse(text, {});
  const tables: string[][][] = [];
  let row: string[] | null = null;
  for (const t of tokens) {
    if (t.type === 'table_open') tables.push([]);
    else if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') {
      tables[tables.length - 1]!.push(row!);
      row = null;
    }
    else if (t.type === 'inline' && row) row.push(t.children!.map((c) => c.content).join(''));
  }
  return { html: renderer.render(text), tables };
}

describe('markdown reporter', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('renders hostile spec strings as text: no HTML, links, code or broken table cells', () => {
    const report = sampleReport();
    const { html, tables } = render(buildMarkdown(report, { maxRuns: 100 }));
    expect(html).not.toMatch(/<(script|img|a |code)/);
    for (const s of [HOSTILE.script, HOSTILE.link, HOSTILE.pipe, HOSTILE.cdata]) expect(html).toContain(renderer.utils.escapeHtml(s));
    // Gates table: header + one row per gate, every row as wide as the header.
    const [gates, runs] = tables;
    expect(gates).toHaveLength(1 + report.gates.length);
    expect(runs).toHaveLength(1 + report.runs.length);
    for (const t of tables) for (const r of t) expect(r).toHaveLength(t[0]!.length);
    // Parameter cells read back exactly (pipes, brackets, ampersands and quotes included).
    const noteCol = runs![0]!.indexOf('model.note');
    expect(runs!.slice(1).map((r) => r[noteCol])).toEqual(report.runs.map((r) => r.params['model.note']));
  });

  it('summarizes gates, failures, runs and errors', () => {
    const text = buildMarkdown(sampleReport(), { maxRuns: 100 });
    const { tables, html } = render(text);
    expect(html).toContain('<strong>4 of 6 gates failed</strong>');
    expect(text).toMatch(/^## ❌ regaudit: .* failed$/m);
    const gates = tables[0]!;
    expect(gates.slice(1).filter((r) => r[0] === '❌')).toHaveLength(4);
    const failing = gates.find((r) => r[1] === 'attack.successRate ≤ 0.5')!;
    expect(failing[3]).toBe('0.9702');
    expect(html).toContain('<h3>Errors</h3>');
    expect(html).toMatch(/run-2: PLUGIN_FAILED in label \(barrier\): oracle crashed/);
  });

  it('lists at most maxRuns runs and counts the rest', () => {
    const text = buildMarkdown(sampleReport(), { maxRuns: 2 });
    expect(render(text).tables[1]).toHaveLength(3);
    expect(text).toContain('and 2 more runs');
  });

  it('compares with a baseline when one is given', () => {
    const text = buildMarkdown(sampleReport(), { maxRuns: 100 }, baselineReport());
    const table = render(text).tables[2]!;
    expect(table[0]).toEqual(['Run', 'Metric', 'Baseline', 'Now', 'Change']);
    expect(table).toContainEqual(['run-1', 'clean.mse', '0.03591', '0.0399', '+11.11%']);
    expect(render(text).tables[0]![0]).toContain('Baseline');
  });

  it('writes its file and appends to $GITHUB_STEP_SUMMARY when set', async () => {
    const ctx = await tempContext();
    const summary = join(ctx.outDir, 'step-summary.md');
    await writeFile(summary, 'earlier step\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
    await markdown.onAuditEnd(minimalReport(), optionsWithDefaults(markdown.optionsSchema), ctx);
    const own = await readFile(join(ctx.outDir, 'summary.md'), 'utf8');
    expect(own).toContain('quickstart passed');
    expect(await readFile(summary, 'utf8')).toBe(`earlier step\n${own}\n`);
  });

  it('leaves $GITHUB_STEP_SUMMARY alone when stepSummary is false', async () => {
    const ctx = await tempContext();
    const summary = join(ctx.outDir, 'step-summary.md');
    await writeFile(summary, '');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
    await markdown.onAuditEnd(minimalReport(), optionsWithDefaults(markdown.optionsSchema, { stepSummary: false }), ctx);
    expect(await readFile(summary, 'utf8')).toBe('');
  });

  it('escapes any string so that it renders back as itself inside a table cell', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab <>|`*_[]()&#!\\~$@^{}:-.="\'', 'é', '\t') }), (s) => {
        const { tables, html } = render(`| h |\n| --- |\n| x${escapeMarkdown(s)}x |\n`);
        expect(html).not.toMatch(/<(?!\/?(table|thead|tbody|tr|th|td|p)\b)[a-z]/);
        expect(tables[0]![1]).toEqual([`x${s}x`.trim()]);
      }),
    );
  });

  it('declares exactly the options its interface has, all with defaults', () => {
    expect(schemaKeys(markdown)).toEqual(Object.keys(markdownOptionKeys).sort());
    expect(optionsWithDefaults(markdown.optionsSchema)).toEqual({ file: 'summary.md', stepSummary: true, maxRuns: 100 });
  });
});
