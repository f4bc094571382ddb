import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toyPlugins } from '../../../fixtures/plugins/index.ts';
import { runAudit } from '../../../src/engine/audit.ts';
import { MAX_TIMEOUT_MS, withDeadline } from '../../../src/engine/deadline.ts';
import { LOCK_SUFFIX } from '../../../src/engine/cache/compute-lock.ts';
import { DiskStageRunner } from '../../../src/engine/cache/disk-runner.ts';
import { RunScope } from '../../../src/engine/stage.ts';
import { stageKey } from '../../../src/engine/stage-key.ts';
import { silentLogger, silentProgress } from '../../../src/core/plugin.ts';
import { parseSpec } from '../../../src/spec/load.ts';
import { bundledPlugins, extendRegistry } from '../../../src/spec/registry.ts';
import { validateSpec } from '../../../src/spec/validate.ts';
import toyLinear from '../../fixtures/scale/toy-linear.ts';

const registry = extendRegistry(bundledPlugins, { ...toyPlugins, model: { ...toyPlugins.model, 'toy-linear': toyLinear } });
const out = mkdtempSync(join(tmpdir(), 'regaudit-timeout-'));
const spec = (model: string) => validateSpec(parseSpec(`name: slow\ndata: { train: 80, test: 40 }\noracle: { use: toy-quadratic }\nmodel: { use: ${model} }\nsweep: { seed: [1, 2] }\n`, 'slow.yaml'), { registry });

/** A fit delay far beyond the test timeout (the fixture's sleep ends early only on abort). */
const FIT_FOREVER_MS = 600_000;

afterEach(() => {
  delete process.env.REGAUDIT_TEST_DELAY_MS;
});

describe('per-stage timeout', () => {
  it('marks a run whose stage exceeds --stage-timeout errored (STAGE_TIMEOUT, plugin and stage kept), exit 3', async () => {
    // Each fit would take 10 minutes, far beyond the test's timeout: the audit returns only if the
    // deadline abandons them.
    process.env.REGAUDIT_TEST_DELAY_MS = String(FIT_FOREVER_MS);
    const { report, exitCode } = await runAudit(spec('toy-linear'), { outDir: out, stageTimeoutMs: 100 });
    expect(exitCode).toBe(3);
    expect(report.status).toBe('errored');
    for (const run of report.runs) {
      expect(run.status).toBe('errored');
      expect(run.error).toMatchObject({ code: 'STAGE_TIMEOUT', stage: 'fit', plugin: 'toy-linear' });
    }
  });

  it('refuses (STAGE_TIMEOUT_RANGE, exit 2) a timeout beyond Node\'s timer limit, which would fire after 1 ms, before any run', async () => {
    await expect(runAudit(spec('toy-ridge'), { outDir: join(out, 'huge'), stageTimeoutMs: MAX_TIMEOUT_MS + 1 })).rejects.toMatchObject({ code: 'STAGE_TIMEOUT_RANGE', exitCode: 2, message: expect.stringContaining(`at most ${MAX_TIMEOUT_MS}`) });
    expect(existsSync(join(out, 'huge'))).toBe(false);
    expect(() => withDeadline(async () => 1, { signal: new AbortController().signal, timeoutMs: MAX_TIMEOUT_MS + 1, origin: {} })).toThrow(/at most 2147483647 \(Node's timer limit/);
    const { report } = await runAudit(spec('toy-ridge'), { outDir: join(out, 'max'), stageTimeoutMs: MAX_TIMEOUT_MS });
    expect(report.runs.map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  it('leaves stages that finish in time alone', async () => {
    const { report, exitCode } = await runAudit(spec('toy-ridge'), { outDir: out, stageTimeoutMs: 60_000 });
    expect(exitCode).toBe(0);
    expect(report.runs.map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  it('an abort (SIGINT/SIGTERM) ends the stage in flight and records runs not started as interrupted', async () => {
    process.env.REGAUDIT_TEST_DELAY_MS = String(FIT_FOREVER_MS);
    const controller = new AbortController();
    // interrupt once run-0's fit is in flight
    const log = { ...silentLogger, debug: (message: string) => message.includes('toy-linear: fit started') && controller.abort() };
    const { report, exitCode } = await runAudit(spec('toy-linear'), { outDir: out, signal: controller.signal, log });
    expect(exitCode).toBe(3);
    expect(report.status).toBe('interrupted');
    expect(report.runs.map((r) => [r.status, r.error?.code])).toEqual([['interrupted', 'INTERRUPTED'], ['interrupted', undefined]]);
  });

  it('a timed-out stage releases its cache lock and is forgotten, so the next request for its key recomputes', async () => {
    const runner = new DiskStageRunner(mkdtempSync(join(tmpdir(), 'regaudit-timeout-cache-')), silentLogger);
    const env = { runner, log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
    const scope = new RunScope({ ...env, stageTimeoutMs: 100 }, 'run-0', 1);
    const parts = { inputs: [], extra: { probe: 'timeout' } };
    // work that ignores its abort signal and takes 5 s
    const stuck = scope.stage('probe', parts, () => new Promise<{ n: number }>((resolve) => setTimeout(() => resolve({ n: 1 }), 5000).unref()));
    await expect(stuck).rejects.toMatchObject({ code: 'STAGE_TIMEOUT' });
    const lock = `${runner.fileOf({ name: 'probe', key: stageKey({ ...parts, stage: 'probe', seed: 1 }) })}${LOCK_SUFFIX}`;
    // released as the abandoned computation settles, within a few ticks (it used to stay until the 5 s work ended);
    // the release is done when the lock is gone and so is the copy it moves aside to check before removing it
    const lockFiles = () => readdirSync(dirname(lock)).filter((name) => name.startsWith(basename(lock)));
    for (let i = 0; i < 100 && lockFiles().length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(lock)).toBe(false);
    expect(lockFiles()).toEqual([]);
    // The same runner without the 0.1 s limit, which a loaded machine can exceed on the recompute alone.
    // The lock file can vanish a few ticks before the runner's own callbacks forget the key (the file
    // system changes before Node runs the unlink's callback), so a request in between may still get
    // the timed-out rejection; within a second the key must be recomputed.
    const request = () => new RunScope(env, 'run-0', 1).stage('probe', parts, async () => ({ n: 2 }));
    let again = await request().catch((e: unknown) => e);
    for (let i = 0; i < 100 && !('value' in (again as object)); i++) {
      expect(again).toMatchObject({ code: 'STAGE_TIMEOUT' });
      await new Promise((r) => setTimeout(r, 10));
      again = await request().catch((e: unknown) => e);
    }
    expect(again).toMatchObject({ value: { n: 2 } });
  });
});
