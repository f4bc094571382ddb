import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportFile } from '../../src/cli/report-file.ts';
import { baselineInvalid, baselineUnreadable } from '../../src/core/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'regaudit-report-file-'));
const input = { what: 'the baseline report', unreadable: baselineUnreadable, invalid: baselineInvalid, fix: 'Pass a report.json.' };

describe('readReportFile', () => {
  it('returns a valid report as parsed', async () => {
    const report = { schemaVersion: 1, name: 'r', spec: 'r.yaml', seed: 1, status: 'passed', startedAt: '2026-01-01T00:00:00.000Z', seconds: 1, environment: { regaudit: '0.1.0', node: 'v20' }, gates: [], runs: [] };
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(report));
    expect(await readReportFile(file, input)).toEqual(report);
  });

  it('is exit 2 with the unreadable code for a missing file or bad JSON, naming the file', async () => {
    const missing = join(dir, 'missing.json');
    await expect(readReportFile(missing, input)).rejects.toMatchObject({ code: 'BASELINE_UNREADABLE', exitCode: 2, message: expect.stringContaining('cannot read the baseline report') });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    await expect(readReportFile(bad, input)).rejects.toMatchObject({ code: 'BASELINE_UNREADABLE', message: expect.stringContaining(bad) });
  });

  it('is exit 2 with the invalid code and the field for JSON that is not a report', async () => {
    const file = join(dir, 'not-report.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, name: 'r' }));
    await expect(readReportFile(file, input)).rejects.toMatchObject({ code: 'BASELINE_INVALID', exitCode: 2, message: expect.stringMatching(/the baseline report is not a regaudit report.*Pass a report\.json\./) });
  });
});
