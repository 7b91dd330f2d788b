// The cart's domain events: written in the order's transaction, served by GET /events to signed callers only.
import type { DomainEvent, FeedPage } from '@storefront/service-kit/sqlite';
import { json, type TestApp } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asUser, call, PRICED_LINE, reserveCheckout, startCart } from '../testing/cart-app.js';
import { snapshot } from '../testing/fixtures.js';

let started: TestApp;
beforeEach(async () => {
  started = await startCart();
});
afterEach(async () => {
  await started.close();
});

const CHECKOUT = '0b6f1d6e-6c43-4a53-9a1e-5b7c9d3e2f10';

async function events(query = ''): Promise<DomainEvent[]> {
  const response = await call(started.app, 'GET', `/events${query}`, {});
  expect(response.statusCode).toBe(200);
  return json<FeedPage>(response).events;
}

/** Fills user 1's cart (version 1), moves the checkout to `reserving` and posts the order. */
async function placeOrder(expectedCartVersion = 1) {
  await call(started.app, 'PUT', '/cart/lines/7', asUser(1), {
    quantity: 2,
    mode: 'add',
    snapshot: snapshot(),
  });
  await reserveCheckout(started.app, 1, CHECKOUT, 1);
  return call(started.app, 'POST', '/orders', asUser(1), {
    checkoutId: CHECKOUT,
    lines: [PRICED_LINE],
    shippingAddress: null,
    expectedCartVersion,
  });
}

describe('cart domain events', () => {
  it('publishes exactly one OrderPlaced and one CartCheckedOut per order, correlated by the checkout id', async () => {
    const placed = await placeOrder();
    expect(placed.statusCode).toBe(201);
    const { order } = json<{ order: { id: number } }>(placed);
    // The same order again (a retry) is a replay: no second event.
    const again = await call(started.app, 'POST', '/orders', asUser(1), {
      checkoutId: CHECKOUT,
      lines: [PRICED_LINE],
      shippingAddress: null,
      expectedCartVersion: 1,
    });
    expect(again.statusCode).toBe(200);
    const published = await events();
    expect(published.map((event) => [event.type, event.version, event.correlationId])).toEqual([
      ['OrderPlaced', 2, CHECKOUT],
      ['CartCheckedOut', 1, CHECKOUT],
    ]);
    expect(published[0]?.data).toEqual({
      orderId: order.id,
      userId: 1,
      checkoutId: CHECKOUT,
      status: 'placed',
      lines: [{ productId: 7, quantity: 2, unitPriceCents: 4000, currency: 'EUR' }],
      totalCents: 8000,
      currency: 'EUR',
    });
    expect(published[1]?.data).toEqual({ userId: 1, orderId: order.id, checkoutId: CHECKOUT });
    expect(published.every((event) => event.causationId === null)).toBe(true);
  });

  it('publishes nothing when the order is refused', async () => {
    expect((await placeOrder(99)).statusCode).toBe(409);
    expect(await events()).toEqual([]);
  });

  it('publishes nothing when the order transaction fails half-way: the event rolls back with the order', async () => {
    started.app.db.sqlite.exec(`CREATE TRIGGER fail_lines BEFORE INSERT ON order_lines
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    expect((await placeOrder(1)).statusCode).toBe(500);
    expect(await events()).toEqual([]);
    expect(started.app.db.sqlite.prepare('SELECT COUNT(*) FROM orders').pluck().get()).toBe(0);
  });

  it('serves the feed only to signed callers, and refuses a bad after or limit', async () => {
    await placeOrder();
    const unsigned = await started.app.inject({ url: '/events' });
    expect(unsigned.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(unsigned).error.code).toBe('UNTRUSTED_CALLER');
    const [first, ...rest] = await events('?limit=1');
    expect(rest).toEqual([]);
    expect((await events(`?after=${first?.position}`)).map((event) => event.type)).toEqual([
      'CartCheckedOut',
    ]);
    for (const query of ['?after=-1', '?limit=0', '?limit=501']) {
      const response = await call(started.app, 'GET', `/events${query}`, {});
      expect(response.statusCode, query).toBe(400);
      expect(json<{ error: { code: string } }>(response).error.code).toBe('INVALID_REQUEST');
    }
  });
});
