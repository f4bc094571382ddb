/**
 * End to end through `regaudit run`: a spec with an impossible gate exits 1, and the junit, markdown and
 * html reporters write files that agree with report.json.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../src/core/format.ts';
import type { AuditReport } from '../../../src/core/report.ts';

describe('regaudit run with the file reporters', () => {
  it('exits 1 on an impossible gate, with a JUnit failure agreeing with report.json', async () => {
    const out = await mkdtemp(join(tmpdir(), 'regaudit-cli-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.GITHUB_STEP_SUMMARY;
    const args = ['bin/regaudit.js', 'run', 'test/fixtures/reporters/impossible.audit.yaml', '--out', out, '--no-cache', '--reporter', 'junit', '--reporter', 'markdown', '--reporter', 'html'];
    let code = 0;
    try {
      await promisify(execFile)(process.execPath, args, { env, timeout: 110_000 });
    } catch (e) {
      code = (e as { code?: number }).code ?? -1;
    }
    expect(code).toBe(1);

    const dir = join(out, 'reporters-impossible');
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as AuditReport;
    expect(report.status).toBe('failed');
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' });
    const suite = parser.parse(await readFile(join(dir, 'junit.xml'), 'utf8')).testsuites.testsuite;
    const cases = suite.testcase as { name: string; failure?: { message: string } }[];
    expect(Number(suite.tests)).toBe(report.runs.length + report.gates.length);
    expect(Number(suite.failures)).toBe(report.gates.filter((g) => !g.pass).length);
    expect(Number(suite.failures)).toBe(1);
    const gateCases = cases.filter((c) => c.name.startsWith('gate '));
    expect(gateCases.map((c) => c.failure === undefined)).toEqual(report.gates.map((g) => g.pass));
    const failed = report.gates.find((g) => !g.pass)!;
    expect(gateCases.find((c) => c.failure)!.failure!.message).toContain(`bound: clean.mse ≤ 0.001`);
    expect(gateCases.find((c) => c.failure)!.failure!.message).toContain(`value ${formatNumber(failed.value)}`);

    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('**1 of 2 gates failed**');
    const page = await readFile(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('1 of 2 gates failed');
    expect(page).toContain('no data: no defense reported concentrations');
  });
});
