import { describe, expect, it } from 'vitest';
import { atLeast, atMost, median, quantile, ratio, round } from './stats.mjs';

describe('stats', () => {
  it('interpolates quantiles between ranks and sorts its own copy', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(quantile(samples, 0)).toBe(1);
    expect(quantile(samples, 1)).toBe(5);
    expect(median(samples)).toBe(3);
    expect(quantile([1, 2], 0.5)).toBe(1.5);
    expect(quantile([10, 20, 30, 40], 0.99)).toBeCloseTo(39.7);
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('has no quantile without samples and refuses a bad q', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('divides only real numbers', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
  });

  it('rounds for reports and turns NaN into null', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1234.5)).toBe(1235);
    expect(round(Number.NaN)).toBeNull();
  });

  it('checks budgets as value ≤ limit; a missing value fails', () => {
    expect(atMost('p99', 1.9, 2, 'ms')).toEqual({
      name: 'p99',
      value: 1.9,
      limit: 2,
      unit: 'ms',
      pass: true,
    });
    expect(atMost('p99', 2.01, 2, 'ms').pass).toBe(false);
    expect(atMost('p99', Number.NaN, 2, 'ms')).toMatchObject({ value: null, pass: false });
    expect(atLeast('score', 95, 95, '')).toMatchObject({ op: '≥', pass: true });
    expect(atLeast('score', 94.9, 95, '').pass).toBe(false);
    expect(atLeast('score', Number.NaN, 95, '').pass).toBe(false);
  });
});
