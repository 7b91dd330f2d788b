import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatTime } from './format';

describe('formatMoney', () => {
  it('writes cents in their own currency', () => {
    expect(formatMoney(4900, 'USD')).toBe('$49.00');
    expect(formatMoney(1250, 'EUR')).toBe('€12.50');
    expect(formatMoney(46_700, 'USD')).toBe('$467.00');
  });

  it('falls back to a plain amount for a malformed currency code', () => {
    expect(formatMoney(1999, 'dollars')).toBe('19.99');
  });
});

describe('formatDate', () => {
  it('writes the day as month, day and year', () => {
    // Noon, so the day is the same in every time zone the tests may run in.
    expect(formatDate('2025-05-20T12:00:00Z')).toBe('May 20, 2025');
  });

  it('answers null for something that is not a date', () => {
    expect(formatDate('not a date')).toBeNull();
  });
});

describe('formatTime', () => {
  it('writes the local time of day with hours and minutes', () => {
    const fivepast2pm = new Date(2025, 4, 20, 14, 5).toISOString();
    // ICU puts a narrow no-break space before the day period; \s matches it and a plain space.
    expect(formatTime(fivepast2pm)).toMatch(/^2:05\sPM$/);
  });

  it('answers null for something that is not a date', () => {
    expect(formatTime('')).toBeNull();
  });
});
