import { describe, expect, it } from 'vitest';
import { canonicalJson, IdempotencyStore, requestFingerprint } from './idempotency.js';

const stored = { status: 200, payload: '{}', headers: {} };

describe('IdempotencyStore', () => {
  it('goes new → in-flight → replay, and tells a reused key apart', () => {
    const store = new IdempotencyStore();
    expect(store.begin('k', 'f1')).toEqual({ kind: 'new' });
    expect(store.begin('k', 'f1')).toEqual({ kind: 'in-flight' });
    expect(store.begin('k', 'f2')).toEqual({ kind: 'reused' });
    store.complete('k', 'f1', stored);
    expect(store.begin('k', 'f1')).toEqual({ kind: 'replay', response: stored });
    expect(store.begin('k', 'f2')).toEqual({ kind: 'reused' });
  });

  it('forgets abandoned keys, expired keys and the oldest keys beyond the bound', () => {
    let now = 0;
    const store = new IdempotencyStore({ ttlMs: 1000, maxEntries: 2, now: () => now });
    store.begin('a', 'f');
    store.abandon('a');
    expect(store.begin('a', 'f')).toEqual({ kind: 'new' });
    store.complete('a', 'f', stored);
    now = 1001;
    expect(store.begin('a', 'other')).toEqual({ kind: 'new' });
    store.begin('b', 'f');
    store.begin('c', 'f');
    expect(store.size).toBe(2);
    expect(store.begin('a', 'x')).toEqual({ kind: 'new' }); // 'a' was evicted
  });

  it('fingerprints canonical JSON, method and path', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }], u: undefined })).toBe(
      '{"a":[{"c":null,"d":2}],"b":1}',
    );
    const f = requestFingerprint('POST', '/api/cart/lines', { productId: 1, quantity: 2 });
    expect(requestFingerprint('POST', '/api/cart/lines', { quantity: 2, productId: 1 })).toBe(f);
    expect(requestFingerprint('PATCH', '/api/cart/lines', { quantity: 2, productId: 1 })).not.toBe(f);
    expect(requestFingerprint('POST', '/api/checkout', undefined)).toBe(
      requestFingerprint('POST', '/api/checkout', null),
    );
  });
});
