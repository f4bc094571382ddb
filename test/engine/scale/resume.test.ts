/**
 * Reliability through the real binary (child processes): a run killed with SIGKILL resumes from the
 * disk cache and reports exactly what an uninterrupted run reports; `--jobs 2` (worker threads) gives
 * bit-identical metrics to `--jobs 1`, cold or warm cache; SIGTERM writes a partial report with status
 * `interrupted` and exit 3. Plugins are module plugins (allowed), so the child and its workers load them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../../src/core/report.ts';
import { codeFingerprint } from '../../../src/engine/cache/fingerprint.ts';

const root = new URL('../../../', import.meta.url).pathname;
const scale = join(root, 'test/fixtures/scale');
const dir = mkdtempSync(join(tmpdir(), 'regaudit-resume-'));

/** A sweep of four runs: one baseline and four poisoned toy-linear fits. */
const file = join(dir, 'sweep.audit.yaml');
writeFileSync(
    file,
    `name: sweep
seed: 11
data: { train: 400, test: 200 }
oracle: { use: ${scale}/toy-oracle.ts }
model: { use: ${scale}/toy-linear.ts }
attack: { use: ${scale}/toy-attack.ts, with: { nTest: 80 } }
sweep: { attack.nAttack: [10, 30, 50, 70] }
gates: [{ metric: clean.mse, max: 1000 }]
`,
);

/** One run of the sweep with four repeats. */
const single = join(dir, 'repeats.audit.yaml');
writeFileSync(single, readFileSync(file, 'utf8').replace('name: sweep', 'name: repeats\nrepeats: 4').replace('[10, 30, 50, 70]', '[30]'));

const allow = ['toy-oracle.ts', 'toy-linear.ts', 'toy-attack.ts'].flatMap((f) => ['--allow-plugin', join(scale, f)]);

interface Child {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** `regaudit run spec args` (the sweep by default) counting fits in `log`; each fit sleeps `delayMs` (outside the stage keys), so a signal lands mid-sweep. */
function regaudit(args: string[], log: string, delayMs = 0, spec = file): Child {
  const env = { ...process.env, REGAUDIT_TEST_LOG: log, REGAUDIT_TEST_DELAY_MS: String(delayMs) };
  const child = spawn(process.execPath, [join(root, 'bin/regaudit.js'), 'run', spec, ...args, ...allow], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return {
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr }))),
    kill: (s) => child.kill(s),
  };
}

const fits = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);
const report = (out: string) => JSON.parse(readFileSync(join(out, 'sweep', 'report.json'), 'utf8')) as AuditReport;
/** Per-run status and metrics without timings. */
const metrics = (r: AuditReport) => r.runs.map((run) => ({ id: run.id, status: run.status, metrics: Object.fromEntries(Object.entries(run.metrics).filter(([k]) => !k.endsWith('seconds'))) }));

async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let referenceRun: Promise<AuditReport> | undefined;

/** The uninterrupted sweep's report (`--jobs 1`), run once by whichever test needs it first. */
function reference(): Promise<AuditReport> {
  referenceRun ??= (async () => {
    const one = regaudit(['--out', join(dir, 'j1'), '--cache-dir', join(dir, 'cache-j1'), '--jobs', '1', '--quiet'], join(dir, 'j1.log'));
    expect((await one.exited).code).toBe(0);
    return report(join(dir, 'j1'));
  })();
  return referenceRun;
}

describe('kill, resume, jobs and interrupts (regaudit run in a child process)', () => {
  it('--jobs 1 and --jobs 2 (worker threads) give bit-identical metrics', async () => {
    const one = reference();
    // Slow fits, so the first wave's two runs both need the shared baseline while it is being trained.
    const two = regaudit(['--out', join(dir, 'j2'), '--cache-dir', join(dir, 'cache-j2'), '--jobs', '2', '--quiet'], join(dir, 'j2.log'), 300);
    expect((await two.exited).code).toBe(0);
    const uninterrupted = await one;
    expect(uninterrupted.runs).toHaveLength(4);
    expect(metrics(report(join(dir, 'j2')))).toEqual(metrics(uninterrupted));
    expect(fits(join(dir, 'j1.log'))).toBe(5); // one baseline + four poisoned fits
    expect(fits(join(dir, 'j2.log'))).toBe(5); // the baseline once: the cache's compute lock
  });

  it('--jobs 2 spreads the repeats of a single run over two worker threads, with the metrics of --jobs 1', async () => {
    const run = (jobs: string, delayMs: number) => regaudit(['--out', join(dir, `r${jobs}`), '--cache-dir', join(dir, `cache-r${jobs}`), '--jobs', jobs, '--quiet'], join(dir, `r${jobs}.log`), delayMs, single);
    const [one, two] = [run('1', 0), run('2', 200)];
    expect((await one.exited).code).toBe(0);
    expect((await two.exited).code).toBe(0);
    const read = (jobs: string) => JSON.parse(readFileSync(join(dir, `r${jobs}`, 'repeats', 'report.json'), 'utf8')) as AuditReport;
    expect(read('2').runs[0]!.stats!['clean.mse']!.values).toHaveLength(4);
    expect(metrics(read('2'))).toEqual(metrics(read('1')));
    const stats = (jobs: string) => Object.entries(read(jobs).runs[0]!.stats!).filter(([k]) => !k.endsWith('seconds'));
    expect(stats('2')).toEqual(stats('1'));
    const threads = (jobs: string) => new Set(readFileSync(join(dir, `r${jobs}.log`), 'utf8').split('\n').filter(Boolean));
    expect(threads('1')).toEqual(new Set(['fit thread 0'])); // in this process's main thread
    expect(threads('2').size).toBe(2); // the four repeats' eight fits, in two worker threads
    expect(threads('2').has('fit thread 0')).toBe(false);
  });

  it('a repeat that fails in a worker errors its run as in one process: same error (code, plugin, stage), exit 3', async () => {
    // The timeout covers waiting for another worker's cache entry too (the repeats share their sample
    // stage), so it must exceed the lock's 200 ms poll: 1 s, against fits delayed by 5 s.
    const run = (jobs: string) => regaudit(['--out', join(dir, `t${jobs}`), '--cache-dir', join(dir, `cache-t${jobs}`), '--jobs', jobs, '--stage-timeout', '1', '--quiet'], join(dir, `t${jobs}.log`), 5000, single);
    const [one, two] = [run('1'), run('2')];
    expect((await one.exited).code).toBe(3);
    expect((await two.exited).code).toBe(3);
    const errorOf = (jobs: string) => (JSON.parse(readFileSync(join(dir, `t${jobs}`, 'repeats', 'report.json'), 'utf8')) as AuditReport).runs[0]!.error;
    expect(errorOf('2')).toMatchObject({ code: 'STAGE_TIMEOUT', stage: 'fit' });
    expect(errorOf('2')).toEqual(errorOf('1'));
  });

  it('a run killed with SIGKILL resumes from the finished stages and reports what an uninterrupted run does', async () => {
    const uninterrupted = await reference();
    const cache = join(dir, 'cache-kill');
    const first = regaudit(['--out', join(dir, 'killed'), '--cache-dir', cache, '--jobs', '1', '--quiet'], join(dir, 'killed.log'), 150);
    const fitEntries = join(cache, 'v1', codeFingerprint(), 'fit');
    const stored = () => (existsSync(fitEntries) ? readdirSync(fitEntries).filter((f) => f.endsWith('.bin')).length : 0);
    await until(() => stored() >= 2, 'two finished fits in the cache');
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const done = stored();
    expect(done).toBeLessThan(5);
    expect(existsSync(join(dir, 'killed', 'sweep', 'report.json'))).toBe(false);
    const resumed = regaudit(['--out', join(dir, 'resumed'), '--cache-dir', cache, '--jobs', '1', '--quiet'], join(dir, 'resumed.log'));
    expect((await resumed.exited).code).toBe(0);
    expect(fits(join(dir, 'resumed.log'))).toBe(5 - done); // finished fits were not redone
    expect(metrics(report(join(dir, 'resumed')))).toEqual(metrics(uninterrupted));
  });

  it('SIGTERM writes a partial report with status interrupted and exits 3', async () => {
    const log = join(dir, 'term.log');
    const child = regaudit(['--out', join(dir, 'term'), '--cache-dir', join(dir, 'cache-term'), '--jobs', '1'], log, 400);
    // With --jobs 1 runs go one at a time, so a third finished fit (the baseline's, run 0's, run 1's)
    // means run 0 finished every stage. (Waiting for two raced run 0's evaluation on a loaded machine.)
    await until(() => fits(log) >= 3, 'three fits');
    child.kill('SIGTERM');
    const { code, stderr } = await child.exited;
    expect(stderr).toContain('SIGTERM: stopping');
    expect(code).toBe(3);
    const partial = report(join(dir, 'term'));
    expect(partial.status).toBe('interrupted');
    expect(partial.runs[0]!.status).toBe('ok');
    expect(partial.runs.at(-1)!.status).toBe('interrupted');
  });
});
