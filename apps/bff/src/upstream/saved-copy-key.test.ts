import { describe, expect, it } from 'vitest';
import { savedCopyKey } from './saved-copy-key.js';

describe('savedCopyKey', () => {
  it('keeps shared reads shared and keys personal reads by the caller', () => {
    expect(savedCopyKey({ path: '/products', query: { page: 1, q: 'x' }, requestId: 'r' })).toBe(
      '/products?page=1&q=x',
    );
    expect(savedCopyKey({ path: '/cart', savedCopy: { scope: 'user:1' }, requestId: 'r' })).toBe(
      'user:1 /cart',
    );
    expect(savedCopyKey({ path: '/cart', savedCopy: { scope: 'user:2' }, requestId: 'r' })).toBe(
      'user:2 /cart',
    );
  });

  it('never saves writes, opted-out reads, or personal reads without a scope', () => {
    expect(savedCopyKey({ method: 'POST', path: '/orders', requestId: 'r' })).toBeNull();
    expect(savedCopyKey({ path: '/products/1', savedCopy: 'none', requestId: 'r' })).toBeNull();
    expect(savedCopyKey({ path: '/cart', headers: { 'x-user-id': '1' }, requestId: 'r' })).toBeNull();
    expect(savedCopyKey({ path: '/x', headers: { Authorization: 'Bearer t' }, requestId: 'r' })).toBeNull();
    expect(() => savedCopyKey({ path: '/cart', savedCopy: { scope: '' }, requestId: 'r' })).toThrow();
  });
});
