// Only the BFF may name a shopper or change a cart: issue 12, "Services trust only the BFF".
import { json, signed, TEST_SERVICE_SECRET, type TestApp } from '@storefront/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAnonymous, asUser, call, startCart } from './testing/cart-app.js';
import { ANON_A, type CartBody, type ErrorBody, snapshot } from './testing/fixtures.js';

let started: TestApp;

beforeAll(async () => {
  started = await startCart();
  // User 1 has something in the cart that an untrusted caller must not see.
  await call(started.app, 'PUT', '/cart/lines/3', asUser(1), {
    quantity: 1,
    mode: 'add',
    snapshot: snapshot(),
  });
});

afterAll(async () => {
  await started.close();
});

function expectUntrusted(response: { statusCode: number; body: string }): void {
  expect(response.statusCode).toBe(401);
  expect(json<ErrorBody>(response).error).toEqual({
    code: 'UNTRUSTED_CALLER',
    message: 'Only the storefront BFF may call this service.',
  });
}

/** A signed request whose identity headers are replaced (what someone replaying a captured one would do). */
function withIdentity(
  request: { url: string; headers: Record<string, string> },
  identity: Record<string, string>,
) {
  const { 'x-user-id': _user, 'x-anonymous-cart': _cart, ...rest } = request.headers;
  return { ...request, method: 'GET' as const, headers: { ...rest, ...identity } };
}

describe('a request naming a shopper', () => {
  it('is answered when the BFF signed it', async () => {
    const response = await started.app.inject(signed({ method: 'GET', url: '/cart', headers: asUser(1) }));
    expect(response.statusCode).toBe(200);
    expect(json<CartBody>(response).cart.itemCount).toBe(1);
  });

  it.each<[string, InjectOptions]>([
    ['no credential', { method: 'GET' as const, url: '/cart', headers: asUser(1) }],
    ['another secret', signed({ method: 'GET', url: '/cart', headers: asUser(1) }, 'y'.repeat(40))],
    [
      'a stale timestamp',
      signed({ method: 'GET', url: '/cart', headers: asUser(1) }, TEST_SERVICE_SECRET, Date.now() - 61_000),
    ],
    ['another path', { ...signed({ method: 'GET', url: '/orders', headers: asUser(1) }), url: '/cart' }],
    ['another user', withIdentity(signed({ method: 'GET', url: '/cart', headers: asUser(2) }), asUser(1))],
    [
      'an anonymous cart id swapped for a user',
      withIdentity(signed({ method: 'GET', url: '/cart', headers: asAnonymous(ANON_A) }), asUser(1)),
    ],
  ])('is refused with 401 UNTRUSTED_CALLER with %s', async (_what, request) => {
    expectUntrusted(await started.app.inject(request));
  });
});

describe('a write or an internal read without identity', () => {
  it('is refused unsigned and answered signed', async () => {
    const body = { quantity: 1, mode: 'add', snapshot: snapshot() };
    expectUntrusted(await started.app.inject({ method: 'PUT', url: '/cart/lines/4', payload: body }));
    expectUntrusted(await started.app.inject({ method: 'GET', url: '/checkouts/unfinished' }));
    const list = await started.app.inject(signed({ method: 'GET', url: '/checkouts/unfinished' }));
    expect(list.statusCode).toBe(200);
  });

  it('leaves /health open to the supervisor', async () => {
    expect((await started.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
