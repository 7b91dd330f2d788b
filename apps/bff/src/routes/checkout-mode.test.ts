import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCart, startFakeCart } from '../test-support/fake-cart.js';
import { buildOfflineBff, DEAD_URL } from '../test-support/offline-bff.js';

let cart: FakeCart | undefined;
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  await cart?.close();
  app = undefined;
  cart = undefined;
});

/** A BFF on a fake cart service, in demo mode or not (no fault proxy runs: the switch does not need one). */
async function start(demoMode: boolean): Promise<{ app: FastifyInstance; cart: FakeCart }> {
  cart = await startFakeCart();
  app = buildOfflineBff({
    upstreams: { cart: { baseUrl: cart.url, resilience: { retryAttempts: 0 } } },
    demoMode,
    faultProxyControlUrl: DEAD_URL,
  });
  await app.ready();
  return { app, cart };
}

const put = (mode: unknown, headers: Record<string, string> = {}) => ({
  method: 'PUT' as const,
  url: '/api/faults/checkout-mode',
  payload: { mode },
  headers,
});

describe('the checkout mode', () => {
  it('reads the cart service’s mode live, signed, in and out of demo mode', async () => {
    for (const demo of [true, false]) {
      const { app, cart } = await start(demo);
      cart.checkoutMode = 'choreographed';
      const res = await app.inject({ url: '/api/ops/checkout-mode', headers: { 'x-request-id': 'm-1' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ mode: 'choreographed', meta: { requestId: 'm-1' } });
      cart.checkoutMode = 'orchestrated';
      const again = await app.inject({ url: '/api/ops/checkout-mode' });
      expect(again.json().mode).toBe('orchestrated');
      expect(cart.credentials.refused).toEqual([]);
      await app.close();
      await cart.close();
    }
  });

  it('switches it in demo mode, from the console’s page and from the CLI', async () => {
    const { app, cart } = await start(true);
    const fromPage = await app.inject(
      put('choreographed', { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }),
    );
    expect(fromPage.statusCode).toBe(200);
    expect(fromPage.json()).toEqual({ mode: 'choreographed', meta: { requestId: expect.any(String) } });
    expect(cart.checkoutMode).toBe('choreographed');
    const fromCli = await app.inject(put('orchestrated'));
    expect(fromCli.json().mode).toBe('orchestrated');
    expect(cart.count('PUT', '/settings/checkout-mode')).toBe(2);
    expect(cart.credentials.refused).toEqual([]);
  });

  it('has no switch outside demo mode (404, like the rest of the fault API)', async () => {
    const { app, cart } = await start(false);
    const res = await app.inject(put('choreographed'));
    expect(res.statusCode).toBe(404);
    expect(cart.count('PUT', '/settings/checkout-mode')).toBe(0);
  });

  it('refuses another machine, another site and a mode it does not know, before asking the cart service', async () => {
    const { app, cart } = await start(true);
    const remote = await app.inject({ ...put('choreographed'), remoteAddress: '192.168.1.20' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.code).toBe('LOOPBACK_ONLY');
    const forwarded = await app.inject(put('choreographed', { 'x-forwarded-for': '203.0.113.9' }));
    expect(forwarded.json().error.code).toBe('LOOPBACK_ONLY');
    const evil = await app.inject(
      put('choreographed', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }),
    );
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('CROSS_SITE_REQUEST');
    const unknown = await app.inject(put('improvised'));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('INVALID_REQUEST');
    expect(cart.count('PUT', '/settings/checkout-mode')).toBe(0);
    expect(cart.checkoutMode).toBe('orchestrated');
  });

  it('answers 503 UPSTREAM_UNAVAILABLE when the cart service does not answer, 502 for an unknown mode', async () => {
    const { app, cart } = await start(true);
    cart.faults.set('GET /settings/checkout-mode', 'fail');
    const down = await app.inject({ url: '/api/ops/checkout-mode' });
    expect(down.statusCode).toBe(503);
    expect(down.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'cart' });
    cart.faults.clear();
    // A mode this BFF does not know (a newer cart service): refused, never passed on.
    cart.checkoutMode = 'improvised' as FakeCart['checkoutMode'];
    const odd = await app.inject({ url: '/api/ops/checkout-mode' });
    expect(odd.statusCode).toBe(502);
    expect(odd.json().error.code).toBe('UPSTREAM_INVALID_RESPONSE');
  });
});
