import { describe, expect, it } from 'vitest';
import type { AuditReport, RunReport } from '../../src/core/report.ts';
import { exitCodeOf } from '../../src/engine/status.ts';

const run = (id: string, status: RunReport['status'], exitCode?: 2 | 3): RunReport => ({
  id, index: Number(id.slice(4)), params: {}, status, metrics: {}, seconds: 0,
  ...(status === 'errored' ? { error: { code: 'X', message: 'x', ...(exitCode ? { exitCode } : {}) } } : {}),
});
const report = (status: AuditReport['status'], runs: RunReport[]): AuditReport => ({
  schemaVersion: 1, name: 'n', spec: 's.yaml', seed: 1, status, startedAt: '2026-01-01T00:00:00.000Z', seconds: 0,
  environment: { regaudit: '0', node: 'v20' }, gates: [], runs,
});

describe('exitCodeOf', () => {
  it('gives 0 passed, 1 failed, 3 interrupted', () => {
    expect(exitCodeOf(report('passed', [run('run-0', 'ok')]))).toBe(0);
    expect(exitCodeOf(report('failed', [run('run-0', 'ok')]))).toBe(1);
    expect(exitCodeOf(report('interrupted', [run('run-0', 'interrupted')]))).toBe(3);
  });

  it('gives 2 only when every errored run recorded a bad-input error, else 3 (also for reports without exitCode)', () => {
    expect(exitCodeOf(report('errored', [run('run-0', 'errored', 2), run('run-1', 'ok'), run('run-2', 'errored', 2)]))).toBe(2);
    expect(exitCodeOf(report('errored', [run('run-0', 'errored', 2), run('run-1', 'errored', 3)]))).toBe(3);
    expect(exitCodeOf(report('errored', [run('run-0', 'errored')]))).toBe(3);
    expect(exitCodeOf(report('errored', [run('run-0', 'errored', 2), run('run-1', 'errored')]))).toBe(3);
  });
});
