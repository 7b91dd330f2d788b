import { json, type TestApp } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../db/types.js';
import { asAnonymous, asUser, call, reserveCheckout, startCart } from '../testing/cart-app.js';
import { ANON_A, type CartBody, type ErrorBody, snapshot } from '../testing/fixtures.js';

let started: TestApp;

beforeEach(async () => {
  started = await startCart();
});

afterEach(async () => {
  await started.close();
});

const ADDRESS = { line1: '1 Main Street', city: 'Lyon', postalCode: '69001', country: 'FR' };

function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    checkoutId: '6f1c2a0e-3b7d-4f7e-9d2a-1b2c3d4e5f60',
    lines: [
      { productId: 7, name: 'Skillet', unitPriceCents: 4000, currency: 'EUR', quantity: 2 },
      { productId: 8, name: 'Kettle', unitPriceCents: 1250, currency: 'EUR', quantity: 1 },
    ],
    shippingAddress: ADDRESS,
    expectedCartVersion: 2,
    ...overrides,
  };
}

/** Fills user 1's cart with two lines (version 2). */
async function fillCart(userId = 1): Promise<void> {
  await call(started.app, 'PUT', '/cart/lines/7', asUser(userId), {
    quantity: 2,
    mode: 'add',
    snapshot: snapshot(),
  });
  await call(started.app, 'PUT', '/cart/lines/8', asUser(userId), {
    quantity: 1,
    mode: 'add',
    snapshot: snapshot({ name: 'Kettle' }),
  });
}

/** Places the order as the BFF does: its checkout record moved to `reserving` first. */
async function place(userId: number, body: { checkoutId?: unknown }) {
  if (typeof body.checkoutId === 'string') await reserveCheckout(started.app, userId, body.checkoutId);
  return call(started.app, 'POST', '/orders', asUser(userId), body);
}

function orderCount(): number {
  return started.app.db.sqlite.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number;
}

describe('POST /orders', () => {
  it('creates the order with server-computed totals and empties the cart in the same transaction', async () => {
    await fillCart();
    const response = await place(1, orderBody());
    expect(response.statusCode).toBe(201);
    const { order } = json<{ order: Order }>(response);
    expect(order).toMatchObject({
      userId: 1,
      checkoutId: '6f1c2a0e-3b7d-4f7e-9d2a-1b2c3d4e5f60',
      status: 'placed',
      itemCount: 3,
      totalCents: 9250,
      currency: 'EUR',
      shippingAddress: ADDRESS,
    });
    expect(order.id).toBeGreaterThan(0);
    expect(order.lines).toEqual([
      {
        productId: 7,
        name: 'Skillet',
        unitPriceCents: 4000,
        currency: 'EUR',
        quantity: 2,
        lineTotalCents: 8000,
      },
      {
        productId: 8,
        name: 'Kettle',
        unitPriceCents: 1250,
        currency: 'EUR',
        quantity: 1,
        lineTotalCents: 1250,
      },
    ]);
    expect(Number.isNaN(Date.parse(order.createdAt))).toBe(false);

    const cart = json<CartBody>(await call(started.app, 'GET', '/cart', asUser(1))).cart;
    expect(cart).toMatchObject({ lines: [], itemCount: 0, version: 3 });
  });

  it('replays the same order for the same checkoutId, without a second order or touching the cart', async () => {
    await fillCart();
    const first = json<{ order: Order }>(await place(1, orderBody())).order;
    // The shopper fills the cart again; the replay must not empty it.
    await call(started.app, 'PUT', '/cart/lines/9', asUser(1), {
      quantity: 1,
      mode: 'add',
      snapshot: snapshot(),
    });

    const replay = await place(1, orderBody());
    expect(replay.statusCode).toBe(200);
    expect(json<{ order: Order }>(replay).order).toEqual(first);
    expect(orderCount()).toBe(1);
    const cart = json<CartBody>(await call(started.app, 'GET', '/cart', asUser(1))).cart;
    expect(cart.lines.map((line) => line.productId)).toEqual([9]);
  });

  it('answers 409 CART_CHANGED when the cart version moved, and changes nothing', async () => {
    await fillCart();
    const response = await place(1, orderBody({ expectedCartVersion: 1 }));
    expect(response.statusCode).toBe(409);
    expect(json<ErrorBody>(response).error).toMatchObject({ code: 'CART_CHANGED', cartVersion: 2 });
    expect(orderCount()).toBe(0);
    expect(json<CartBody>(await call(started.app, 'GET', '/cart', asUser(1))).cart.itemCount).toBe(3);
  });

  it('refuses a checkoutId already used by another user', async () => {
    await fillCart(1);
    await fillCart(2);
    await place(1, orderBody());
    const response = await place(2, orderBody());
    expect(response.statusCode).toBe(409);
    expect(json<ErrorBody>(response).error.code).toBe('CHECKOUT_ID_CONFLICT');
    expect(json<CartBody>(await call(started.app, 'GET', '/cart', asUser(2))).cart.itemCount).toBe(3);
  });

  it('accepts a null shipping address', async () => {
    await fillCart();
    const response = await place(1, orderBody({ shippingAddress: null }));
    expect(response.statusCode).toBe(201);
    expect(json<{ order: Order }>(response).order.shippingAddress).toBeNull();
  });

  it('needs a signed-in shopper', async () => {
    const anonymous = await call(started.app, 'POST', '/orders', asAnonymous(ANON_A), orderBody());
    expect(anonymous.statusCode).toBe(401);
    expect(json<ErrorBody>(anonymous).error.code).toBe('USER_REQUIRED');
    for (const url of ['/orders', '/orders/1', '/orders/by-checkout/abcdefgh']) {
      const response = await call(started.app, 'GET', url, asAnonymous(ANON_A));
      expect(response.statusCode, url).toBe(401);
      expect(json<ErrorBody>(response).error.code).toBe('USER_REQUIRED');
    }
    const both = await call(started.app, 'GET', '/orders', { ...asUser(1), ...asAnonymous(ANON_A) });
    expect(json<ErrorBody>(both).error.code).toBe('IDENTITY_REQUIRED');
  });

  it('rejects invalid bodies with INVALID_REQUEST naming the field', async () => {
    await fillCart();
    const line = orderBody().lines[0];
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ lines: [] }, 'lines'],
      [{ checkoutId: 'short' }, 'checkoutId'],
      [{ checkoutId: 'has spaces in it' }, 'checkoutId'],
      [{ expectedCartVersion: -1 }, 'expectedCartVersion'],
      [{ expectedCartVersion: '2' }, 'expectedCartVersion'],
      [{ shippingAddress: 'Lyon' }, 'shippingAddress'],
      [{ shippingAddress: { ...ADDRESS, country: 'France' } }, 'shippingAddress.country'],
      [{ shippingAddress: { city: 'Lyon', postalCode: '1', country: 'FR' } }, 'shippingAddress.line1'],
      [{ lines: [{ ...line, quantity: 0 }] }, 'lines[0].quantity'],
      [{ lines: [{ ...line, unitPriceCents: -5 }] }, 'lines[0].unitPriceCents'],
      [{ lines: [line, { ...line, totalCents: 1 }] }, 'lines[1].totalCents'],
      [{ lines: [line, { ...line, currency: 'USD' }] }, 'lines'],
      [{ extra: 1 }, 'extra'],
    ];
    for (const [overrides, field] of cases) {
      const response = await place(1, orderBody(overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_REQUEST', field });
    }
    const { shippingAddress: _omitted, ...withoutAddress } = orderBody();
    const missing = await place(1, withoutAddress);
    expect(json<ErrorBody>(missing).error).toMatchObject({
      code: 'INVALID_REQUEST',
      field: 'shippingAddress',
    });
    expect(orderCount()).toBe(0);
  });
});

describe('reading orders', () => {
  it('lists the caller’s orders newest first, each with its lines', async () => {
    await fillCart();
    const first = json<{ order: Order }>(await place(1, orderBody({ checkoutId: 'checkout-0001' }))).order;
    await call(started.app, 'PUT', '/cart/lines/9', asUser(1), {
      quantity: 1,
      mode: 'add',
      snapshot: snapshot(),
    });
    const second = json<{ order: Order }>(
      await place(1, orderBody({ checkoutId: 'checkout-0002', expectedCartVersion: 4 })),
    ).order;
    await fillCart(2);
    await place(2, orderBody({ checkoutId: 'checkout-0003' }));

    const response = await call(started.app, 'GET', '/orders', asUser(1));
    expect(response.statusCode).toBe(200);
    const { orders } = json<{ orders: Order[] }>(response);
    expect(orders).toEqual([second, first]);
    expect(orders[0]?.lines).toHaveLength(2);

    const none = json<{ orders: Order[] }>(await call(started.app, 'GET', '/orders', asUser(3)));
    expect(none.orders).toEqual([]);
  });

  it('finds one order by id, and answers 404 for another user’s or a malformed id', async () => {
    await fillCart();
    const order = json<{ order: Order }>(await place(1, orderBody())).order;

    const mine = await call(started.app, 'GET', `/orders/${order.id}`, asUser(1));
    expect(mine.statusCode).toBe(200);
    expect(json<{ order: Order }>(mine).order).toEqual(order);

    for (const [userId, id] of [
      [2, String(order.id)],
      [1, '999'],
      [1, 'abc'],
      [1, '0'],
    ] as const) {
      const response = await call(started.app, 'GET', `/orders/${id}`, asUser(userId));
      expect(response.statusCode, `${userId} ${id}`).toBe(404);
      expect(json<ErrorBody>(response).error.code).toBe('ORDER_NOT_FOUND');
    }
  });

  it('finds an order by checkout id, only for its owner', async () => {
    await fillCart();
    const order = json<{ order: Order }>(await place(1, orderBody())).order;

    const found = await call(started.app, 'GET', `/orders/by-checkout/${order.checkoutId}`, asUser(1));
    expect(found.statusCode).toBe(200);
    expect(json<{ order: Order }>(found).order).toEqual(order);

    const other = await call(started.app, 'GET', `/orders/by-checkout/${order.checkoutId}`, asUser(2));
    expect(other.statusCode).toBe(404);
    expect(json<ErrorBody>(other).error.code).toBe('ORDER_NOT_FOUND');
    const missing = await call(started.app, 'GET', '/orders/by-checkout/not-placed-yet', asUser(1));
    expect(json<ErrorBody>(missing).error.code).toBe('ORDER_NOT_FOUND');
  });
});
