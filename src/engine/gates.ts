/**
 * Gates: bounds on metrics, checked per run (restricted by `where`). A failed gate is data: it is
 * recorded with the value, the bound and the run, and the report is finished. A gate reads the run's
 * mean or one of its 95% confidence limits (`on`) and gets a verdict, pass, fail or inconclusive
 * (src/stats/verdict.ts); the spec's `inconclusive` rule says whether inconclusive passes.
 */
import { formatChange, formatInterval, formatNumber, formatPercent, relativeChange } from '../core/format.ts';
import { repeatsOf, type AuditReport, type GateResult, type RunReport } from '../core/report.ts';
import type { Gate } from '../spec/types.generated.ts';
import { readEstimate, verdictOf, verdictPasses, worstVerdict, type Estimate, type Reading, type Verdict } from '../stats/verdict.ts';
import { canonicalJson } from './stage-key.ts';

/** A gate as the spec declares it: the type generated from schema/audit-spec.schema.json. */
export type GateSpec = Gate;

/** True when the run's sweep parameters equal every `where` value. */
export function runMatches(run: Pick<RunReport, 'params'>, where: Record<string, unknown> | undefined): boolean {
  return Object.entries(where ?? {}).every(([k, v]) => canonicalJson(run.params[k]) === canonicalJson(v));
}

/** A gate's verdict on one bound, with its words when it did not pass. */
interface BoundCheck {
  readonly verdict: Verdict;
  readonly message?: string;
}

/** Words for the number a reading takes (`clean.mse`, `clean.mse upper 95% limit`). */
function readLabel(metric: string, on: Reading, interval: boolean): string {
  return interval && on !== 'mean' ? `${metric} ${on} 95% limit` : metric;
}

/** How a failed bound is worded: the reading that broke it, and the interval that straddled it. */
interface BoundWords {
  readonly describe: (reading: number) => string;
  readonly interval: string;
}

/** One bound (`min` or `max`) on an estimate, read `on` one of its numbers. */
function checkBound(e: Estimate, side: 'min' | 'max', bound: number, on: Reading, words: BoundWords): BoundCheck {
  const verdict = verdictOf(e, { [side]: bound }, on);
  if (verdict === 'pass') return { verdict };
  const straddles = verdict === 'inconclusive' ? `; ${words.interval} straddles the bound (inconclusive)` : '';
  return { verdict, message: words.describe(readEstimate(e, on)) + straddles };
}

/** A `min` or `max` on the metric itself. */
function absoluteCheck(metric: string, e: Estimate, side: 'min' | 'max', bound: number, on: Reading, interval: boolean): BoundCheck {
  return checkBound(e, side, bound, on, {
    describe: (v) => `${readLabel(metric, on, interval)} = ${formatNumber(v)} is ${side === 'max' ? 'above the maximum' : 'below the minimum'} ${bound}`,
    interval: `its 95% interval ${formatInterval(e.lo, e.hi)}`,
  });
}

/** `maxIncrease` / `maxDecrease`: bounds on the change relative to the baseline report's value `base`. */
function relativeChecks(gate: GateSpec, e: Estimate, base: number | null | undefined, on: Reading, interval: boolean, runId: string): BoundCheck[] {
  if (base === null || base === undefined) {
    return [{ verdict: 'fail', message: `${gate.metric} has no baseline value for ${runId}; relative bounds need --baseline with a report that has this run` }];
  }
  if (base < 0) {
    return [{ verdict: 'fail', message: `${gate.metric} is negative in the baseline (${formatNumber(base)}), and a change relative to it flips direction; bound it with min/max instead` }];
  }
  // The relative change is monotone in the value, so the interval maps to an interval of changes.
  const change = (v: number) => relativeChange(v, base);
  const [a, b] = [change(e.lo), change(e.hi)];
  const c: Estimate = { mean: change(e.mean), lo: Math.min(a, b), hi: Math.max(a, b) };
  const label = readLabel(gate.metric, on, interval);
  const words = (verb: 'rose' | 'fell', allowed: number): BoundWords => ({
    describe: (v) => (base === 0
      ? `${label} ${verb} from the baseline's 0 (an unbounded relative change; allowed ${formatPercent(allowed)})`
      : `${label} ${verb} ${formatPercent(verb === 'rose' ? v : -v)} ${verb === 'rose' ? 'over' : 'below'} the baseline ${formatNumber(base)} (allowed ${formatPercent(allowed)})`),
    interval: `the 95% interval of its change, [${formatChange(c.lo)}, ${formatChange(c.hi)}],`,
  });
  const checks: BoundCheck[] = [];
  if (gate.maxIncrease !== undefined) checks.push(checkBound(c, 'max', gate.maxIncrease, on, words('rose', gate.maxIncrease)));
  if (gate.maxDecrease !== undefined) checks.push(checkBound(c, 'min', -gate.maxDecrease, on, words('fell', gate.maxDecrease)));
  return checks;
}

/** Why a run reports no value for `metric` when the report says (some repeats did not report it), else ''. */
function whyMissing(run: RunReport, metric: string): string {
  const reported = run.partial?.[metric];
  if (reported === undefined) return '';
  const repeats = repeatsOf(run);
  return `: only ${reported}${repeats > 1 ? ` of its ${repeats}` : ''} repeats reported it, so it has no mean (a detector rate with no trials in the others; docs/statistics.md)`;
}

/** True for a gate bounded relative to a baseline report (`maxIncrease`, `maxDecrease`). */
export function isRelativeGate(gate: Pick<GateSpec, 'maxIncrease' | 'maxDecrease'>): boolean {
  return gate.maxIncrease !== undefined || gate.maxDecrease !== undefined;
}

function checkOne(gate: GateSpec, run: RunReport, baseline: AuditReport | undefined, inconclusive: 'fail' | 'pass'): GateResult {
  const bounds = { min: gate.min, max: gate.max, maxIncrease: gate.maxIncrease, maxDecrease: gate.maxDecrease };
  const on = gate.on ?? 'mean';
  const relative = isRelativeGate(gate);
  const base = relative ? baseline?.runs.find((r) => r.id === run.id)?.metrics[gate.metric] ?? null : undefined;
  const stats = run.status === 'ok' ? run.stats?.[gate.metric] : undefined;
  const result = (value: number | null, checks: BoundCheck[]): GateResult => {
    const verdict = worstVerdict(checks.map((c) => c.verdict));
    const messages = checks.flatMap((c) => (c.message ? [c.message] : []));
    return {
      metric: gate.metric,
      ...Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined)),
      ...(relative ? { baseline: base ?? null } : {}),
      value,
      pass: verdictPasses(verdict, inconclusive),
      run: run.id,
      ...(messages.length ? { message: messages.join('; ') } : {}),
      ...(on !== 'mean' ? { on } : {}),
      verdict,
      ...(stats ? { lo: stats.lo, hi: stats.hi } : {}),
    };
  };
  if (run.status !== 'ok') return result(null, [{ verdict: 'fail', message: `run ${run.status}${run.error ? `: ${run.error.message}` : ''}` }]);
  const value = run.metrics[gate.metric];
  if (value === undefined) return result(null, [{ verdict: 'fail', message: `the run does not report ${gate.metric}${whyMissing(run, gate.metric)}` }]);
  // With no interval (one training, not a counted proportion) every reading is the value itself.
  const est: Estimate = { mean: value, lo: stats?.lo ?? value, hi: stats?.hi ?? value };
  const checks: BoundCheck[] = [];
  if (gate.min !== undefined) checks.push(absoluteCheck(gate.metric, est, 'min', gate.min, on, !!stats));
  if (gate.max !== undefined) checks.push(absoluteCheck(gate.metric, est, 'max', gate.max, on, !!stats));
  if (relative) checks.push(...relativeChecks(gate, est, base, on, !!stats, run.id));
  return result(value, checks);
}

/** Every gate against every run it applies to, in gate order then run order. */
export function evaluateGates(gates: readonly GateSpec[], runs: readonly RunReport[], baseline?: AuditReport, inconclusive: 'fail' | 'pass' = 'fail'): GateResult[] {
  return gates.flatMap((g) => runs.filter((r) => runMatches(r, g.where)).map((r) => checkOne(g, r, baseline, inconclusive)));
}
