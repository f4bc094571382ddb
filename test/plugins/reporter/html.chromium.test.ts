/**
 * The html report opened in headless Chromium (Debian's `chromium`, driven by playwright-core): it renders
 * with no console errors and no network requests, shows its SVG charts, and shows every hostile spec string
 * as text. Skips, saying why, when /usr/bin/chromium is not installed (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import html from '../../../plugins/reporter/html/index.ts';
import { tempContext } from './context.ts';
import { HOSTILE, baselineReport, sampleReport } from './reports.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

/** Debian's chromium; REGAUDIT_CHROMIUM points elsewhere (or at nothing, to see the skip). */
const CHROMIUM = process.env.REGAUDIT_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`html.chromium.test: SKIPPED: ${CHROMIUM} is not installed (apt-get install -y chromium).`);

describe.skipIf(!available)(`html report in headless Chromium${available ? '' : ` (skipped: ${CHROMIUM} not installed; apt-get install -y chromium)`}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders offline with no console errors, shows its charts, and shows hostile strings as text', async () => {
    const report = sampleReport();
    const ctx = await tempContext(baselineReport());
    await html.onAuditEnd(report, optionsWithDefaults(html.optionsSchema), ctx);
    const url = pathToFileURL(join(ctx.outDir, 'report.html')).href;

    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);

    const dom = await page.evaluate(() => ({
      title: document.title,
      h1: document.querySelector('h1')?.textContent,
      injected: document.querySelectorAll('script, img, iframe, object, embed, a, link[rel], [onerror], [onclick], [onload]').length,
      svgs: [...document.querySelectorAll('figure svg')].map((s) => {
        const box = s.getBoundingClientRect();
        return { width: box.width, height: box.height, marks: s.querySelectorAll('.role-mark path, .role-mark line').length };
      }),
      captions: [...document.querySelectorAll('figcaption')].map((c) => c.textContent),
      text: document.body.innerText,
    }));

    expect(dom.title).toBe(`regaudit: ${report.name} ${report.status}`);
    expect(dom.h1).toBe(`regaudit: ${report.name}`);
    expect(dom.injected).toBe(0);
    // Sweep bars (2), Figure 1, Figures 2/3, and 3 projections, each drawn with marks.
    expect(dom.svgs).toHaveLength(7);
    for (const s of dom.svgs) {
      expect(s.width).toBeGreaterThan(100);
      expect(s.height).toBeGreaterThan(100);
      expect(s.marks).toBeGreaterThan(0);
    }
    expect(dom.captions).toContain(`T × V ${HOSTILE.img}`);
    for (const s of [HOSTILE.script, HOSTILE.img, HOSTILE.cdata, HOSTILE.pipe, HOSTILE.link, HOSTILE.amp]) expect(dom.text).toContain(s);
    await page.close();
  });
});
