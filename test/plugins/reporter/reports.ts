/**
 * Hand-made audit reports for the reporter tests: a sweep with passing, failing, errored and skipped
 * runs, chart details, and hostile strings (markup, CDATA ends, table pipes, backticks, control characters)
 * in every place a spec can put a string.
 */
import type { AuditReport, GateResult, RunReport } from '../../../src/core/report.ts';

/** Strings a spec author (or attacker) could put in names, params and messages. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(2)>',
  cdata: 'end]]>after',
  pipe: 'a|b',
  ticks: '``code`` `x`',
  amp: 'Q&A "quoted" \'single\'',
  link: '[click](https://example.invalid/)',
  control: 'bell\u0007nul\u0000',
} as const;

const hostileName = `spec ${HOSTILE.script} ${HOSTILE.pipe}`;

/** Deterministic pseudo-random numbers in [0, 1) for chart data (tests never use Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function detailsRun(): RunReport['details'] {
  const next = lcg(7);
  const n = 60;
  const x: number[][] = [];
  for (let i = 0; i < n; i++) x.push(i < 6 ? [0.5 + 0.05 * next(), 0.2 + 0.05 * next(), 0.5 + 0.05 * next()] : [next(), next(), next()]);
  return {
    featureNames: ['T', `V ${HOSTILE.img}`, 'R'],
    region: { lower: [0.45, 0.15, 0.45], upper: [0.55, 0.25, 0.55] },
    maximizers: {
      x,
      absError: x.map((_, i) => (i < 6 ? 2 + next() : next())),
      concentration: { proximity: x.map((_, i) => (i < 6 ? 1000 + Math.floor(1200 * next()) : Math.floor(40 * next()))) },
      flagged: { proximity: [0, 1, 2, 3, 4, 5] },
    },
    mitigation: {
      proximity: [0.5, 0.9, 0.99, 1].flatMap((alpha) =>
        ['with', `without ${HOSTILE.ticks}`].map((variant) => ({
          alpha,
          variant,
          metrics: variant === 'with'
            ? { 'clean.mse': 0.03 + 0.01 * (1 - alpha), 'clean.mae': 0.11 + 0.02 * (1 - alpha), 'attack.mse': 0.5 * alpha, 'attack.mae': 0.6 * alpha }
            : { 'clean.mse': 0.028 + 0.012 * (1 - alpha), 'clean.mae': 0.112 + 0.01 * (1 - alpha), 'attack.mse': 0.25 * alpha + 0.1, 'attack.mae': 0.3 * alpha + 0.1 },
        })),
      ),
    },
  };
}

function run(index: number, params: Record<string, unknown>, status: RunReport['status'], metrics: Record<string, number>, extra: Partial<RunReport> = {}): RunReport {
  return { id: `run-${index}`, index, params, status, metrics, seconds: 1.5 + index, ...extra };
}

/** A failed audit: 4 runs (ok, ok with details, errored, skipped) and 6 gates (2 failing on ok runs). */
export function sampleReport(): AuditReport {
  const runs: RunReport[] = [
    run(0, { 'attack.nAttack': 0, 'attack.nClean': 0, 'model.note': HOSTILE.cdata }, 'ok', { 'clean.mse': 0.0307, 'clean.mseDrift': 0, 'attack.successRate': 0.0042 }),
    run(1, { 'attack.nAttack': 2000, 'attack.nClean': 0, 'model.note': HOSTILE.link }, 'ok', { 'clean.mse': 0.0399, 'clean.mseDrift': 0.2997, 'attack.successRate': 0.9702, 'defense.proximity.tpr': 0.91, 'defense.proximity.fpr': 0.00012 }, { details: detailsRun() }),
    run(2, { 'attack.nAttack': 4000, 'attack.nClean': 0, 'model.note': HOSTILE.amp }, 'errored', {}, {
      error: { code: 'PLUGIN_FAILED', message: `oracle crashed: ${HOSTILE.script} ${HOSTILE.control}`, plugin: 'barrier', stage: 'label', cause: HOSTILE.cdata },
    }),
    run(3, { 'attack.nAttack': 4000, 'attack.nClean': 4000, 'model.note': HOSTILE.pipe }, 'skipped', {}),
  ];
  const gates: GateResult[] = [
    { metric: 'clean.mseDrift', max: 0.1, value: 0, pass: true, run: 'run-0' },
    { metric: 'clean.mseDrift', max: 0.1, value: 0.2997, pass: false, run: 'run-1', message: `clean MSE rose ${HOSTILE.script}` },
    { metric: 'attack.successRate', max: 0.5, value: 0.9702, pass: false, run: 'run-1' },
    { metric: 'clean.mse', maxIncrease: 0.05, baseline: 0.03, value: 0.0307, pass: true, run: 'run-0' },
    { metric: 'clean.mseDrift', max: 0.1, value: null, pass: false, run: 'run-2' },
    { metric: 'clean.mseDrift', max: 0.1, value: null, pass: false, run: 'run-3' },
  ];
  return {
    schemaVersion: 1,
    name: hostileName,
    spec: `audits/${HOSTILE.ticks}.audit.yaml`,
    seed: 42,
    status: 'failed',
    startedAt: '2025-01-02T03:04:05.000Z',
    seconds: 12.5,
    environment: { regaudit: '0.1.0', node: 'v20.20.2', backend: 'wasm' },
    gates,
    runs,
  };
}

/** A baseline for sampleReport: the same runs with slightly different metrics. */
export function baselineReport(): AuditReport {
  const r = sampleReport();
  return {
    ...r,
    startedAt: '2024-12-01T00:00:00.000Z',
    runs: r.runs.map((x) => ({ ...x, metrics: Object.fromEntries(Object.entries(x.metrics).map(([k, v]) => [k, v * 0.9])) })),
  };
}

/** A passing audit with one run and no chart details. */
export function minimalReport(): AuditReport {
  return {
    schemaVersion: 1,
    name: 'quickstart',
    spec: 'audits/quickstart.audit.yaml',
    seed: 1,
    status: 'passed',
    startedAt: '2025-01-02T03:04:05.000Z',
    seconds: 1,
    environment: { regaudit: '0.1.0', node: 'v20.20.2' },
    gates: [{ metric: 'clean.mse', max: 1, value: 0.5, pass: true, run: 'run-0' }],
    runs: [run(0, {}, 'ok', { 'clean.mse': 0.5 })],
  };
}
