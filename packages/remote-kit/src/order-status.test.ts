import { describe, expect, it } from 'vitest';
import { parseOrderStatus, parseRejection } from './order-status';

describe('parseOrderStatus', () => {
  it('reads every status of the contract, an absent one as placed, an unknown one as pending', () => {
    for (const status of ['placed', 'pending', 'confirmed', 'rejected'])
      expect(parseOrderStatus(status)).toBe(status);
    expect(parseOrderStatus(undefined)).toBe('placed');
    expect(parseOrderStatus('shipped')).toBe('pending');
    expect(parseOrderStatus(3)).toBe('pending');
  });
});

describe('parseRejection', () => {
  it('reads a code and a message, else null', () => {
    expect(parseRejection({ code: 'INSUFFICIENT_STOCK', message: 'Short.' })).toEqual({
      code: 'INSUFFICIENT_STOCK',
      message: 'Short.',
    });
    expect(parseRejection({ code: 'X' })).toBeNull();
    expect(parseRejection(null)).toBeNull();
  });
});
