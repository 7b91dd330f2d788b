import type { Cart, Order } from '@storefront/contract/browser';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../account/fixtures';
import { accountMockStore } from '../account/store';
import { cartHandlers, cartMockStates, createCartHandlers, resetCartMocks } from './handlers';
import { createCartState } from './state';

const BASE = 'http://bff.test/api';
const server = setupServer(...cartHandlers.normal);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  resetCartMocks();
  accountMockStore.reset();
});
afterAll(() => server.close());

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T & { meta?: { requestId: string; degraded: unknown }; error?: { code: string; message: string } };
}

async function call<T>(method: string, path: string, body?: unknown, key?: string): Promise<Answer<T>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = key;
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer<T>['body'],
  };
}

describe('cart state', () => {
  it('adds up quantities, caps them by stock, sets, removes and resets', () => {
    const state = createCartState({ initialLines: [] });
    expect(state.cart()).toEqual({ lines: [], itemCount: 0, subtotalCents: 0, currency: 'USD' });
    const added = state.add(1, 2);
    expect(added.ok && added.value.itemCount).toBe(2);
    // Cast Iron Skillet has 24 in stock.
    const capped = state.add(1, 100);
    expect(capped.ok && capped.value.lines[0]?.quantity).toBe(24);
    const set = state.set(1, 3);
    expect(set.ok && set.value.lines[0]?.lineTotalCents).toBe(3 * 3900);
    expect(state.set(1, 0).ok && state.cart().lines).toEqual([]);
    // The cart service needs a product's snapshot for a new line: only an add creates one.
    expect(state.set(2, 1)).toMatchObject({ ok: false, error: { status: 400, code: 'INVALID_REQUEST' } });
    expect(state.set(2, 0)).toMatchObject({ ok: true, value: { lines: [] } });
    expect(state.add(3, 1)).toMatchObject({ ok: false, error: { status: 409, code: 'INSUFFICIENT_STOCK' } });
    expect(state.add(999, 1)).toMatchObject({ ok: false, error: { status: 404, code: 'PRODUCT_NOT_FOUND' } });
    state.reset();
    expect(state.cart().itemCount).toBe(0);
  });

  it('checks out into an order and empties the cart, or says why not', () => {
    const state = createCartState();
    expect(state.cart().itemCount).toBe(3);
    expect(state.orders()?.map((order) => order.id)).toEqual([1002, 1001]);
    const placed = state.checkout('c-1', null);
    expect(placed).toMatchObject({
      ok: true,
      value: { id: 1003, status: 'placed', itemCount: 3, totalCents: 3900 + 9000 },
    });
    expect(placed.ok && placed.value.lines[1]).toEqual({
      productId: 2,
      name: 'Pour-Over Coffee Set',
      unitPriceCents: 4500,
      currency: 'USD',
      quantity: 2,
      lineTotalCents: 9000,
    });
    expect(state.cart().lines).toEqual([]);
    expect(state.orders()?.map((order) => order.id)).toEqual([1003, 1002, 1001]);
    expect(state.checkout('c-2', null)).toMatchObject({ ok: false, error: { code: 'CART_EMPTY' } });
    state.setSignedIn(false);
    expect(state.checkout('c-3', null)).toMatchObject({
      ok: false,
      error: { status: 401, code: 'AUTH_REQUIRED' },
    });
    expect(state.orders()).toBeNull();
  });
});

describe('cart handlers, normal', () => {
  it('serves the cart with meta and applies writes', async () => {
    const initial = await call<{ cart: Cart }>('GET', '/cart');
    expect(initial.status).toBe(200);
    expect(initial.body.cart.itemCount).toBe(3);
    expect(initial.body.meta?.degraded).toBeNull();

    const added = await call<{ cart: Cart }>('POST', '/cart/lines', { productId: 5, quantity: 1 }, 'k-add');
    expect(added.body.cart.itemCount).toBe(4);
    const patched = await call<{ cart: Cart }>('PATCH', '/cart/lines/5', { quantity: 3 }, 'k-patch');
    expect(patched.body.cart.itemCount).toBe(6);
    const removed = await call<{ cart: Cart }>('DELETE', '/cart/lines/5', undefined, 'k-del');
    expect(removed.body.cart.itemCount).toBe(3);
  });

  it('replays a known Idempotency-Key and refuses it with another body', async () => {
    const first = await call<{ cart: Cart }>('POST', '/cart/lines', { productId: 5, quantity: 1 }, 'same');
    const again = await call<{ cart: Cart }>('POST', '/cart/lines', { productId: 5, quantity: 1 }, 'same');
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body.cart.itemCount).toBe(first.body.cart.itemCount);
    expect(cartMockStates.normal.cart().itemCount).toBe(4);

    const reused = await call('POST', '/cart/lines', { productId: 5, quantity: 2 }, 'same');
    expect(reused.status).toBe(422);
    expect(reused.body.error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('validates bodies', async () => {
    const bad = await call('POST', '/cart/lines', { productId: 'x', quantity: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('INVALID_REQUEST');
    const badQuantity = await call('PATCH', '/cart/lines/1', { quantity: -1 });
    expect(badQuantity.status).toBe(400);
  });

  it('checks out once per key, requires a key, and lists the order', async () => {
    accountMockStore.signInAs(demoUser.email);
    const noKey = await call('POST', '/checkout', {});
    expect(noKey.status).toBe(400);
    expect(noKey.body.error?.code).toBe('IDEMPOTENCY_KEY_REQUIRED');

    const placed = await call<{ order: Order }>('POST', '/checkout', {}, 'checkout-1');
    expect(placed.status).toBe(201);
    const replay = await call<{ order: Order }>('POST', '/checkout', {}, 'checkout-1');
    expect(replay.status).toBe(201);
    expect(replay.body.order.id).toBe(placed.body.order.id);

    const orders = await call<{ orders: Order[] }>('GET', '/orders');
    expect(orders.body.orders.map((order) => order.id)).toEqual([placed.body.order.id, 1002, 1001]);
    const one = await call<{ order: Order }>('GET', `/orders/${placed.body.order.id}`);
    expect(one.body.order.totalCents).toBe(12_900);
    expect((await call('GET', '/orders/nope')).status).toBe(404);

    const empty = await call('POST', '/checkout', {}, 'checkout-2');
    expect(empty.status).toBe(409);
    expect(empty.body.error?.code).toBe('CART_EMPTY');
  });

  it('answers 401 AUTH_REQUIRED to checkout and orders while the account mocks are signed out', async () => {
    const answer = await call('POST', '/checkout', {}, 'k');
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('AUTH_REQUIRED');
    for (const path of ['/orders', '/orders/1001']) {
      const orders = await call('GET', path);
      expect(orders.status).toBe(401);
      expect(orders.body.error?.code).toBe('AUTH_REQUIRED');
    }
    cartMockStates.normal.setSignedIn(true);
    expect((await call('POST', '/checkout', {}, 'k2')).status).toBe(201);
  });
});

describe('order handlers (the cart service answers /api/orders)', () => {
  it("lists the signed-in shopper's orders newest first and finds one of theirs by id", async () => {
    accountMockStore.signInAs(demoUser.email);
    const { body } = await call<{ orders: Order[] }>('GET', '/orders');
    expect(body.orders.map((order) => order.id)).toEqual([1002, 1001]);
    expect(body.orders[0]).toMatchObject({ itemCount: 3, totalCents: 2 * 5900 + 34900 });
    expect((await call<{ order: Order }>('GET', '/orders/1001')).body.order.id).toBe(1001);
    const missing = await call('GET', '/orders/9');
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('ORDER_NOT_FOUND');
    expect((await call('GET', '/orders/not%20an%20id')).status).toBe(400);

    accountMockStore.signInAs('grace@example.com');
    expect((await call<{ orders: Order[] }>('GET', '/orders')).body.orders).toEqual([]);
    expect((await call('GET', '/orders/1001')).status).toBe(404);
  });

  it("serves saved orders as the cart's when degraded", async () => {
    server.use(...cartHandlers.degraded);
    accountMockStore.signInAs(demoUser.email);
    const orders = await call<{ orders: Order[] }>('GET', '/orders');
    expect(orders.headers.get('Storefront-Degraded')).toBe('cart; reason=circuit-open');
    expect(orders.body.orders).toHaveLength(2);
  });
});

describe('cart handlers, degraded and unavailable', () => {
  it('serves a saved copy when degraded and refuses writes with 503', async () => {
    server.use(...createCartHandlers('degraded', { retryAfterMs: 1500 }));
    const saved = await call<{ cart: Cart }>('GET', '/cart');
    expect(saved.status).toBe(200);
    expect(saved.headers.get('Storefront-Degraded')).toBe('cart; reason=circuit-open');
    expect(saved.body.meta?.degraded).toMatchObject({ service: 'cart', retryAfterMs: 1500 });
    const write = await call('POST', '/cart/lines', { productId: 1, quantity: 1 }, 'k');
    expect(write.status).toBe(503);
  });

  it('answers 503 with Retry-After to everything when unavailable', async () => {
    server.use(...cartHandlers.unavailable);
    const read = await call('GET', '/cart');
    expect(read.status).toBe(503);
    expect(read.headers.get('Retry-After')).toBe('5');
    expect(read.body.error?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await call('POST', '/checkout', {}, 'k')).status).toBe(503);
  });
});
