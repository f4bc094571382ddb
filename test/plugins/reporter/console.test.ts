import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import consoleReporter from '../../../plugins/reporter/console/index.ts';
import { silentLogger } from '../../../src/core/plugin.ts';
import type { AuditReport } from '../../../src/core/report.ts';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const report: AuditReport = {
  schemaVersion: 1, name: 'demo', spec: 'demo.yaml', seed: 1, status: 'failed', startedAt: new Date(0).toISOString(), seconds: 1.5,
  environment: { regaudit: '0.1.0', node: 'v20' },
  gates: [{ metric: 'clean.mse', max: 0.1, value: 0.2, pass: false, run: 'run-1', message: 'clean.mse = 0.2 is above the maximum 0.1' }],
  runs: [
    { id: 'run-0', index: 0, params: { 'attack.nAttack': 0 }, status: 'ok', metrics: { 'clean.mse': 0.05 }, seconds: 1 },
    { id: 'run-1', index: 1, params: { 'attack.nAttack': 10 }, status: 'ok', metrics: { 'clean.mse': 0.2 }, seconds: 1 },
    { id: 'run-2', index: 2, params: { 'attack.nAttack': 20 }, status: 'errored', metrics: {}, seconds: 0, error: { code: 'PLUGIN_FAILED', message: 'boom', plugin: 'mlp', stage: 'fit' } },
  ],
};

const ANSI = /\u001b\[/;

async function print(isTTY: boolean, color: 'auto' | 'always' | 'never'): Promise<string> {
  const stdout = new Capture(isTTY);
  const ctx = { outDir: '/tmp', log: silentLogger, stdout };
  await consoleReporter.onRunEnd!(report.runs[2]!, { color, metrics: 6 }, ctx);
  await consoleReporter.onAuditEnd(report, { color, metrics: 6 }, ctx);
  return stdout.text;
}

describe('console reporter', () => {
  it('prints the status, a runs table, errors and gate verdicts, plain when not a TTY', async () => {
    const text = await print(false, 'auto');
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('demo: FAILED (3 runs, 1.5 s)');
    expect(text).toMatch(/run-1 \(attack\.nAttack=10\)\s+ok\s+0\.2/);
    expect(text).toContain('run-2: PLUGIN_FAILED in fit (mlp): boom');
    expect(text).toContain('FAIL run-1 clean.mse = 0.2 is above the maximum 0.1');
  });

  it('colors on a TTY unless NO_COLOR or color: never', async () => {
    const saved = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      expect(await print(true, 'auto')).toMatch(ANSI);
      expect(await print(true, 'never')).not.toMatch(ANSI);
      expect(await print(false, 'always')).toMatch(ANSI);
      process.env.NO_COLOR = '1';
      expect(await print(true, 'auto')).not.toMatch(ANSI);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });
});
