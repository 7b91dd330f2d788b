import { describe, expect, it } from 'vitest';
import { deriveServiceKey } from './idempotency.js';

describe('deriveServiceKey', () => {
  it('scopes the shopper key by identity and fits the services’ id patterns', () => {
    const mine = deriveServiceKey('user:1', 'k-1');
    expect(mine).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(deriveServiceKey('user:1', 'k-1')).toBe(mine);
    expect(deriveServiceKey('user:2', 'k-1')).not.toBe(mine);
    expect(deriveServiceKey('user:1', 'k-2')).not.toBe(mine);
  });
});
