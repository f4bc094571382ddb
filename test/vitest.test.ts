import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending';
  failureMessages: string[];
}

/** Runs the auditSuite fixture in a child vitest with its JSON reporter; returns its exit code, results and output directory. */
async function runSuite(): Promise<{ code: number; tests: Assertion[]; outDir: string }> {
  const outDir = await mkdtemp(join(tmpdir(), 'regaudit-suite-'));
  const results = join(outDir, 'results.json');
  const env: NodeJS.ProcessEnv = { ...process.env, REGAUDIT_SUITE_OUT: outDir };
  delete env.GITHUB_STEP_SUMMARY;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/audit-suite/vitest.config.ts', '--reporter=json', `--outputFile=${results}`];
  let code = 0;
  try {
    await promisify(execFile)(process.execPath, args, { env, timeout: 110_000 });
  } catch (e) {
    code = (e as { code?: number }).code ?? -1;
  }
  const json = JSON.parse(await readFile(results, 'utf8')) as { testResults: { assertionResults: Assertion[] }[] };
  return { code, tests: json.testResults.flatMap((f) => f.assertionResults), outDir };
}

describe('auditSuite', () => {
  it('declares a describe per spec and a test per run and per gate, failing with the value and the bound', async () => {
    const { code, tests, outDir } = await runSuite();
    expect(code).toBe(1);
    const byTitle = new Map(tests.map((t) => [t.title, t]));
    const suite = tests.filter((t) => t.ancestorTitles.join(' > ') === 'test/fixtures/audit-suite/toy.audit.yaml > toy-suite');
    expect(suite.map((t) => [t.title, t.status])).toEqual([
      ['run run-0 (model.explode=false)', 'passed'],
      ['run run-1 (model.explode=true)', 'failed'],
      ['gate clean.mse ≤ 100 [run-0 (model.explode=false)]', 'passed'],
      ['gate clean.mse ≤ 100 [run-1 (model.explode=true)]', 'failed'],
      ['gate clean.mse ≥ 1000 [run-0 (model.explode=false)]', 'failed'],
    ]);
    expect(byTitle.get('run run-1 (model.explode=true)')!.failureMessages[0]).toMatch(/run-1 errored: \w+/);
    const impossible = byTitle.get('gate clean.mse ≥ 1000 [run-0 (model.explode=false)]')!.failureMessages[0]!;
    expect(impossible).toMatch(/clean\.mse = [0-9.e-]+ is below the minimum 1000/);
    expect(impossible).toContain('bound: clean.mse ≥ 1000');

    // The missing spec fails as one test with the spec layer's message.
    const missing = tests.find((t) => t.ancestorTitles[0] === 'test/fixtures/audit-suite/missing.audit.yaml')!;
    expect(missing.title).toBe('spec is valid');
    expect(missing.status).toBe('failed');
    expect(missing.failureMessages[0]).toContain('cannot read the spec: no such file');

    // Reporters auditSuite cannot run fail as one test each, with the reason and the fix.
    const reporterTests = tests.filter((t) => t.title === 'reporters are valid');
    expect(reporterTests.map((t) => t.status)).toEqual(['failed', 'failed']);
    expect(reporterTests[0]!.failureMessages[0]).toMatch(/reporter `needy` has options without defaults \(.*channel.*\).*Give those options defaults/);
    expect(reporterTests[1]!.failureMessages[0]).toMatch(/nope/);

    // Reporters named in the options ran.
    const junit = await readFile(join(outDir, 'toy-suite', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="toy-suite" tests="5" failures="1" errors="2" skipped="0"/);
  });
});
