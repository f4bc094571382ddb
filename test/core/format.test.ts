import { describe, expect, it } from 'vitest';
import { countOf, formatChange, formatInterval, formatNumber, formatPercent, relativeChange } from '../../src/core/format.ts';

describe('format', () => {
  it('writes numbers with 4 significant digits, integers as they are, n/a for null', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(2000)).toBe('2000');
    expect(formatNumber(0.00012)).toBe('1.200e-4');
    expect(formatNumber(null)).toBe('n/a');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('writes percentages, signed changes and intervals', () => {
    expect(formatPercent(0.052)).toBe('5.2%');
    expect(formatPercent(0.1)).toBe('10%');
    expect(formatChange(0.05)).toBe('+5%');
    expect(formatChange(-0.1234)).toBe('-12.34%');
    expect(formatChange(Infinity)).toBe('n/a');
    expect(formatChange(null)).toBe('n/a');
    expect(formatInterval(0.25, 0.3712345)).toBe('[0.25, 0.3712]');
    expect(countOf(1, 'run')).toBe('1 run');
    expect(countOf(3, 'run')).toBe('3 runs');
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('computes a relative change, unbounded away from a zero baseline', () => {
    expect(relativeChange(1.1, 1)).toBeCloseTo(0.1, 12);
    expect(relativeChange(0, 0)).toBe(0);
    expect(relativeChange(0.01, 0)).toBe(Infinity);
    expect(relativeChange(-0.01, 0)).toBe(-Infinity);
  });
});
