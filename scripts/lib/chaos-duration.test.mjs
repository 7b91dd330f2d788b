import { describe, expect, test } from 'vitest';
import { formatBound, formatMs, parseDuration, parseMs } from './chaos-duration.mjs';

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1.5s', 1500],
    ['1h', 3_600_000],
    [' 10S ', 10_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['30', 'abc', '-1s', '5d', '', 's', '1.s'])('rejects %j with a hint', (text) => {
    expect(() => parseDuration(text)).toThrow(/is not a duration \(use e\.g\. 500ms, 30s, 2m\)/);
  });
});

describe('parseMs', () => {
  test('takes a bare integer as milliseconds or a duration', () => {
    expect(parseMs('2500')).toBe(2500);
    expect(parseMs('2.5s')).toBe(2500);
    expect(() => parseMs('fast')).toThrow(RangeError);
  });
});

describe('formatMs', () => {
  test('prints ms, seconds and minutes', () => {
    expect(formatMs(850)).toBe('850ms');
    expect(formatMs(12_400)).toBe('12.4s');
    expect(formatMs(185_000)).toBe('3m 05s');
  });
});

describe('formatBound', () => {
  test('prints a bound in the largest unit that divides it, as --for takes it', () => {
    expect(formatBound(1000)).toBe('1s');
    expect(formatBound(3_600_000)).toBe('1h');
    expect(formatBound(120_000)).toBe('2m');
    expect(formatBound(90_000)).toBe('90s');
    expect(formatBound(1500)).toBe('1500ms');
    expect(parseDuration(formatBound(90_000))).toBe(90_000);
  });
});
