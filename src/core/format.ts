/** How reports and messages write numbers. */

/** A number as reports show it: 4 significant digits, integers as they are, `n/a` for null. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

/** A ratio as an unsigned percentage with at most two decimals: 0.052 -> `5.2%`. */
export function formatPercent(ratio: number): string {
  return `${formatNumber(Number((ratio * 100).toFixed(2)))}%`;
}

/** A relative change as a signed percentage, `+5.2%` or `-12.34%`; `n/a` when null or not finite. */
export function formatChange(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return 'n/a';
  return `${ratio >= 0 ? '+' : ''}${formatPercent(ratio)}`;
}

/**
 * `value` relative to `baseline` (value / baseline - 1). Against a baseline of 0 it is 0 for a value of 0
 * and +-Infinity otherwise, so a gate on the change reads any move away from 0 as unbounded.
 */
export function relativeChange(value: number, baseline: number): number {
  if (baseline === 0) return value === 0 ? 0 : Infinity * Math.sign(value);
  return value / baseline - 1;
}

/** An interval as reports write it: `[0.25, 0.37]`. */
export function formatInterval(lo: number, hi: number): string {
  return `[${formatNumber(lo)}, ${formatNumber(hi)}]`;
}

/** A count with its noun: `1 run`, `3 runs`, `2 directories` (`many` defaults to `one` + s). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
