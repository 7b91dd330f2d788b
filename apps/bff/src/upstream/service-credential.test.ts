// The BFF signs every upstream request (issue 12, "Services trust only the BFF"): each attempt, retries included,
// carries a credential the services accept for exactly that method, path and identity.
import { ServiceCredential } from '@storefront/service-kit';
import { TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveResilienceConfig } from '../config.js';
import { ADDRESS, checkout, signedInWithCart } from '../test-support/checkout-journey.js';
import type { Harness } from '../test-support/shopper-harness.js';
import { Upstream } from './upstream.js';

const credential = new ServiceCredential(TEST_SERVICE_SECRET);

interface Sent {
  method: string;
  target: string;
  headers: Record<string, string>;
}

/**
 * An upstream whose fetch records what went on the wire, answers `statuses` in turn (then 200) and calls
 * `afterSend` after each attempt.
 */
function recordingUpstream(statuses: number[] = [], afterSend: () => void = () => {}) {
  const sent: Sent[] = [];
  const fetchStub: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    sent.push({
      method: init?.method ?? 'GET',
      target: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
    });
    afterSend();
    return new Response('{}', {
      status: statuses.shift() ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  const upstream = new Upstream({
    name: 'cart',
    baseUrl: 'http://service.test',
    config: resolveResilienceConfig({ retryAttempts: 2, retryInitialDelayMs: 0, retryMaxDelayMs: 0 }),
    logger: { info: () => {}, warn: () => {} },
    fetch: fetchStub,
    credential,
  });
  return { upstream, sent };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Upstream with a credential', () => {
  it('signs reads with identity, writes and queries as they go on the wire', async () => {
    const { upstream, sent } = recordingUpstream();
    await upstream.request({
      path: '/cart',
      requestId: 'r1',
      headers: { 'x-user-id': '7' },
      savedCopy: 'none',
    });
    await upstream.request({
      method: 'PUT',
      path: '/cart/lines/3',
      requestId: 'r2',
      headers: { 'x-anonymous-cart': 'aAaAaAaAaAaAaAaAaAaA_1' },
      body: { quantity: 1 },
    });
    await upstream.request({
      path: '/checkouts/unfinished',
      query: { staleAfterMs: 10_000, limit: 5 },
      requestId: 'r3',
    });
    expect(sent.map((s) => `${s.method} ${s.target}`)).toEqual([
      'GET /cart',
      'PUT /cart/lines/3',
      'GET /checkouts/unfinished?limit=5&staleAfterMs=10000',
    ]);
    for (const s of sent) {
      expect(s.headers['x-storefront-signature']).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(credential.verify(s.method, s.target, s.headers)).toBeNull();
    }
    // The credential names the identity it was made for: another user's header would not verify.
    const first = sent[0] as Sent;
    expect(credential.verify('GET', '/cart', { ...first.headers, 'x-user-id': '8' })).toBe('mismatch');
  });

  it('signs each retry again, with a fresh timestamp', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2030, 0, 1));
    // Each attempt happens "90 s" after the one before: a re-sent signature would be stale by then.
    const { upstream, sent } = recordingUpstream([503, 503], () => vi.setSystemTime(Date.now() + 90_000));
    await upstream.request({
      path: '/cart',
      requestId: 'r',
      headers: { 'x-user-id': '7' },
      savedCopy: 'none',
    });
    expect(sent).toHaveLength(3);
    const stamps = sent.map((s) => Number(s.headers['x-storefront-timestamp']));
    expect(new Set(stamps).size).toBe(3);
    sent.forEach((s, i) => {
      expect(credential.verify(s.method, s.target, s.headers, stamps[i])).toBeNull();
    });
  });
});

describe('the BFF against fakes that check the credential', () => {
  let harness: Harness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('gets through a whole journey (cart, sign-up, profile, checkout) with every request signed', async () => {
    const started = await signedInWithCart();
    harness = started.harness;
    const { b } = started;
    expect((await b.request({ url: '/api/account/profile' })).statusCode).toBe(200);
    const placed = await checkout(b, 'signed-journey-1', { body: { shippingAddress: ADDRESS } });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(harness.cart.credentials.refused).toEqual([]);
    expect(harness.account.credentials.refused).toEqual([]);
    expect(harness.catalog.credentials.refused).toEqual([]);
    // The fakes did see signed writes (the check above is not vacuous).
    expect(harness.cart.hits.some((hit) => hit.method !== 'GET')).toBe(true);
    expect(harness.catalog.count('POST', '/stock/reservations')).toBeGreaterThan(0);
  });
});
