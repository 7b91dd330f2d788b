// The checkout saga end to end through the BFF, on fakes that keep the checkout record, the ledger and the stock
// reservations like the real services: every answer, every undo, every resumed attempt is read back from them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ADDRESS,
  checkout,
  checkoutIdOf,
  logged,
  PRICED_LINES,
  pathOf,
  signedInWithCart as start,
  stepsOf,
} from '../test-support/checkout-journey.js';
import type { Harness, HarnessOptions } from '../test-support/shopper-harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function signedInWithCart(options?: HarnessOptions) {
  const started = await start(options);
  h = started.harness;
  return started;
}

/** Product 1 × 2 and product 2 × 1 taken by a reservation with this id, as a crashed attempt leaves it. */
function reserveForCrashedAttempt(harness: Harness, id: string): void {
  harness.catalog.reservations.set(id, {
    id,
    lines: [
      { productId: 1, quantity: 2 },
      { productId: 2, quantity: 1 },
    ],
    state: 'live',
  });
  harness.catalog.stock.set(1, 3);
  harness.catalog.stock.set(2, 4);
}

function cartVersion(harness: Harness, userId = 1): number {
  return harness.cart.carts.get(`user:${userId}`)?.version ?? 0;
}

describe('checkout', () => {
  it('runs open → reserving → ordered → completed: stock reserved then committed, cart emptied', async () => {
    const { harness, b } = await signedInWithCart();
    harness.catalog.stock.set(1, 3);
    const response = await checkout(b, 'order-1', { body: { shippingAddress: ADDRESS } });
    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    const { order, meta } = response.json();
    expect(meta).toEqual({ requestId: response.headers['x-request-id'] });
    const id = checkoutIdOf('order-1');
    expect(order).toMatchObject({ id: 1, checkoutId: id, status: 'placed', itemCount: 3, totalCents: 3004 });
    expect(order.shippingAddress).toEqual(ADDRESS);
    expect(order.lines).toEqual(
      PRICED_LINES.map((l) => ({ ...l, lineTotalCents: l.unitPriceCents * l.quantity })),
    );
    expect(order).not.toHaveProperty('userId');

    // The record went the whole way, and the order's transaction moved it to `ordered`.
    expect(pathOf(harness.cart.checkouts, id)).toEqual([
      'open→reserving',
      'reserving→ordered',
      'ordered→completed',
    ]);
    expect(harness.cart.checkouts.records.get(id)).toMatchObject({
      state: 'completed',
      orderId: 1,
      lines: PRICED_LINES,
      shippingAddress: ADDRESS,
    });
    // Reserved under the checkout id, then committed for good; nothing released.
    expect(harness.catalog.reservations.get(id)?.state).toBe('committed');
    expect(harness.catalog.stock.get(1)).toBe(1);
    expect(harness.catalog.stock.get(2)).toBe(4);
    expect(harness.catalog.count('DELETE', '/stock/reservations')).toBe(0);
    expect((await b.request({ url: '/api/cart' })).json().cart.lines).toEqual([]);
    expect((await b.request({ url: '/api/orders' })).json().orders.map((o: { id: number }) => o.id)).toEqual([
      1,
    ]);
    expect(stepsOf(harness)).toEqual([
      ['open', 'open'],
      ['check-stock', 'ok'],
      ['reserve-stock', 'ok'],
      ['create-order', 'ok'],
      ['commit-stock', 'ok'],
    ]);
  });

  it('refuses without a key, with a malformed key or signed out, before any record exists', async () => {
    const { harness, b } = await signedInWithCart();
    const noKey = await checkout(b, undefined);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    for (const key of ['has space', 'x'.repeat(256), 'é']) {
      const bad = await checkout(b, key);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('INVALID_IDEMPOTENCY_KEY');
    }
    const anonymous = await checkout(harness.browser(), 'k');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('AUTH_REQUIRED');
    expect(harness.cart.count('PUT', '/checkouts')).toBe(0);
    expect(harness.cart.checkouts.records.size).toBe(0);
  });

  it('stores an empty cart as failed (409 CART_EMPTY) and replays it for the same key', async () => {
    const { harness, b } = await signedInWithCart();
    await b.request({ method: 'DELETE', url: '/api/cart/lines/1' });
    await b.request({ method: 'DELETE', url: '/api/cart/lines/2' });
    const empty = await checkout(b, 'empty-1');
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('CART_EMPTY');
    expect(empty.headers['idempotent-replayed']).toBeUndefined();
    const id = checkoutIdOf('empty-1');
    expect(pathOf(harness.cart.checkouts, id)).toEqual(['open→failed']);
    expect(harness.cart.checkouts.records.get(id)?.error).toMatchObject({ status: 409, code: 'CART_EMPTY' });

    // The same key replays the stored refusal, even once the cart has something in it again.
    await b.request({ method: 'POST', url: '/api/cart/lines', body: { productId: 1, quantity: 1 } });
    const replay = await checkout(b, 'empty-1');
    expect(replay.statusCode).toBe(409);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().error).toMatchObject({ code: 'CART_EMPTY', message: empty.json().error.message });
    expect(harness.cart.count('POST', '/orders')).toBe(0);
    expect(harness.catalog.count('POST', '/stock/reservations')).toBe(0);
  });

  it('stores short stock as failed (409 INSUFFICIENT_STOCK with the lines) and reserves nothing', async () => {
    const { harness, b } = await signedInWithCart();
    harness.catalog.stock.set(2, 0);
    const short = await checkout(b, 'short-1');
    expect(short.statusCode).toBe(409);
    expect(short.json().error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      lines: [{ productId: 2, requested: 1, available: 0 }],
    });
    expect(harness.catalog.reservations.size).toBe(0);
    expect(stepsOf(harness)).toEqual([
      ['open', 'open'],
      ['check-stock', 'insufficient-stock'],
    ]);

    harness.catalog.stock.set(2, 5);
    const replay = await checkout(b, 'short-1');
    expect(replay.statusCode).toBe(409);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().error.lines).toEqual([{ productId: 2, requested: 1, available: 0 }]);
    // A new key is a new checkout.
    expect((await checkout(b, 'short-2')).statusCode).toBe(201);
  });

  it('stores a reservation the catalog refuses as failed, straight from reserving (nothing was taken)', async () => {
    const { harness, b } = await signedInWithCart();
    // The stock is sold between the price check and the reservation.
    const open = harness.catalog.faults.hold('POST /stock/reservations');
    const pending = checkout(b, 'race-1');
    await vi.waitFor(() => expect(harness.catalog.count('POST', '/stock/reservations')).toBe(1));
    harness.catalog.stock.set(1, 1);
    open();
    const response = await pending;
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      lines: [{ productId: 1, requested: 2, available: 1 }],
    });
    expect(pathOf(harness.cart.checkouts, checkoutIdOf('race-1'))).toEqual([
      'open→reserving',
      'reserving→failed',
    ]);
    expect(harness.catalog.count('DELETE', '/stock/reservations')).toBe(0);
  });

  it('releases the reservation and reopens the record when the order fails (503); the same key then succeeds once', async () => {
    const { harness, b } = await signedInWithCart();
    harness.cart.faults.set('POST /orders', 'fail');
    const response = await checkout(b, 'fail-1');
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'cart' });
    const id = checkoutIdOf('fail-1');
    expect(pathOf(harness.cart.checkouts, id)).toEqual([
      'open→reserving',
      'reserving→releasing',
      'releasing→open',
    ]);
    expect(harness.cart.checkouts.records.get(id)).toMatchObject({
      state: 'open',
      lines: null,
      cartVersion: null,
    });
    expect(harness.catalog.reservations.get(id)?.state).toBe('released');
    expect([harness.catalog.stock.get(1), harness.catalog.stock.get(2)]).toEqual([5, 5]);
    expect(harness.cart.orders).toEqual([]);
    expect((await b.request({ url: '/api/cart' })).json().cart.itemCount).toBe(3);
    expect(stepsOf(harness).slice(-2)).toEqual([
      ['create-order', 'upstream-error'],
      ['release-stock', 'released'],
    ]);

    // Nothing final was stored: the same key runs again (the released reservation is taken again) and succeeds.
    harness.cart.faults.clear();
    const retry = await checkout(b, 'fail-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(harness.cart.orders.map((o) => o.checkoutId)).toEqual([id]);
    expect(harness.catalog.reservations.get(id)?.state).toBe('committed');
    expect([harness.catalog.stock.get(1), harness.catalog.stock.get(2)]).toEqual([3, 4]);
    expect(pathOf(harness.cart.checkouts, id).slice(3)).toEqual([
      'open→reserving',
      'reserving→ordered',
      'ordered→completed',
    ]);
  });

  it('answers 201 when the order call timed out but the order was made: the undo finds `ordered`', async () => {
    const { harness, b } = await signedInWithCart({ cartResilience: { timeoutMs: 300 } });
    harness.cart.faults.set('POST /orders', 'hang-after', 1);
    const response = await checkout(b, 'slow-1');
    expect(response.statusCode).toBe(201);
    expect(response.json().order).toMatchObject({ id: 1, checkoutId: checkoutIdOf('slow-1') });
    expect(harness.cart.orders).toHaveLength(1);
    const id = checkoutIdOf('slow-1');
    // The compare-and-set to `releasing` lost to the order: no release, the reservation is committed.
    expect(pathOf(harness.cart.checkouts, id)).toEqual([
      'open→reserving',
      'reserving→ordered',
      'ordered→completed',
    ]);
    expect(harness.cart.count('POST', `/checkouts/${id}/transitions`)).toBe(3);
    expect(harness.catalog.count('DELETE', '/stock/reservations')).toBe(0);
    expect(harness.catalog.reservations.get(id)?.state).toBe('committed');
    expect(stepsOf(harness).slice(-2)).toEqual([
      ['create-order', 'timeout'],
      ['commit-stock', 'ok'],
    ]);
  });

  it('reopens the record without a release when the reservation certainly never reached the catalog', async () => {
    const { harness, b } = await signedInWithCart();
    // The catalog goes down between the price check and the reservation: the connection is refused.
    const open = harness.cart.faults.hold('POST /checkouts/:id/transitions');
    const pending = checkout(b, 'refused-1');
    await vi.waitFor(() => expect(harness.cart.count('POST', '/checkouts/')).toBe(1));
    await harness.catalog.down();
    await new Promise((resolve) => setTimeout(resolve, 20));
    open();
    const response = await pending;
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'catalog' });
    const id = checkoutIdOf('refused-1');
    // Back to open through `releasing` (the only way out of `reserving`), no release asked of the catalog.
    expect(pathOf(harness.cart.checkouts, id)).toEqual([
      'open→reserving',
      'reserving→releasing',
      'releasing→open',
    ]);
    expect(harness.catalog.count('POST', '/stock/reservations')).toBe(0);
    expect(harness.catalog.count('DELETE', '/stock/reservations')).toBe(0);
    expect(stepsOf(harness).at(-1)).toEqual(['reserve-stock', 'failed']);

    await harness.catalog.up();
    const retry = await checkout(b, 'refused-1');
    expect(retry.statusCode).toBe(201);
    expect(harness.catalog.reservations.get(id)?.state).toBe('committed');
  });

  it('releases and reruns a record a crashed attempt left in reserving', async () => {
    const { harness, b } = await signedInWithCart();
    const id = checkoutIdOf('crash-1');
    reserveForCrashedAttempt(harness, id);
    harness.cart.checkouts.seed({
      id,
      userId: 1,
      state: 'reserving',
      lines: PRICED_LINES,
      cartVersion: cartVersion(harness),
    });

    const response = await checkout(b, 'crash-1');
    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(pathOf(harness.cart.checkouts, id)).toEqual([
      'reserving→releasing',
      'releasing→open',
      'open→reserving',
      'reserving→ordered',
      'ordered→completed',
    ]);
    expect(harness.catalog.count('DELETE', `/stock/reservations/${id}`)).toBe(1);
    expect(harness.catalog.reservations.get(id)?.state).toBe('committed');
    // Released once and taken once again: the stock counts one reservation.
    expect([harness.catalog.stock.get(1), harness.catalog.stock.get(2)]).toEqual([3, 4]);
    expect(harness.cart.orders).toHaveLength(1);
    expect(stepsOf(harness)[0]).toEqual(['open', 'reserving']);
  });

  it('commits and replays (201, Idempotent-Replayed) a record left ordered when the commit hung', async () => {
    const { harness, b } = await signedInWithCart({ resilience: { timeoutMs: 300 } });
    harness.catalog.faults.set('POST /stock/reservations/:id/commit', 'hang', 1);
    const first = await checkout(b, 'commit-1');
    expect(first.statusCode).toBe(201);
    const id = checkoutIdOf('commit-1');
    expect(harness.cart.checkouts.stateOf(id)).toBe('ordered');
    expect(harness.catalog.reservations.get(id)?.state).toBe('live');
    expect(logged(harness, 'checkout placed; commit left to recovery')).toBe(true);

    const retry = await checkout(b, 'commit-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().order).toEqual(first.json().order);
    expect(harness.cart.checkouts.stateOf(id)).toBe('completed');
    expect(harness.catalog.reservations.get(id)?.state).toBe('committed');
    expect(harness.cart.count('POST', '/orders')).toBe(1);
    expect(pathOf(harness.cart.checkouts, id).at(-1)).toBe('ordered→completed');
  });

  it('replays a completed checkout, also after a BFF restart; another address with the key is 422', async () => {
    const { harness, b } = await signedInWithCart();
    const first = await checkout(b, 'twice');
    const second = await checkout(b, 'twice');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(second.json().order).toEqual(first.json().order);

    // Nothing lives in the BFF: a fresh process replays the same order from the cart service's record.
    await harness.restart();
    const third = await checkout(b, 'twice');
    expect(third.statusCode).toBe(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.json().order).toEqual(first.json().order);
    expect(harness.cart.orders).toHaveLength(1);
    expect(harness.cart.count('POST', '/orders')).toBe(1);
    const catalogPosts = harness.catalog.hits.filter((hit) => hit.method === 'POST').map((hit) => hit.url);
    expect(catalogPosts).toEqual([
      '/stock/reservations',
      `/stock/reservations/${checkoutIdOf('twice')}/commit`,
    ]);

    const other = await checkout(b, 'twice', { body: { shippingAddress: ADDRESS } });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await checkout(b, 'again')).json().error.code).toBe('CART_EMPTY');
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_USE to a second request with the key while the first runs', async () => {
    const { harness, b } = await signedInWithCart();
    const open = harness.cart.faults.hold('PUT /checkouts/:id');
    const first = checkout(b, 'same');
    await vi.waitFor(() => expect(harness.cart.count('PUT', '/checkouts/')).toBe(1));
    const second = await checkout(b, 'same');
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(second.headers['retry-after']).toBe('1');
    open();
    expect((await first).statusCode).toBe(201);
    const third = await checkout(b, 'same');
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(harness.cart.orders).toHaveLength(1);
  });

  it('places at most one order for the same key sent at once to two replicas', async () => {
    const { harness, b } = await signedInWithCart();
    const replica = await harness.startBff();
    const answers = await Promise.all([checkout(b, 'both'), checkout(b, 'both', { via: replica })]);
    for (const answer of answers) {
      // Each replica either placed (or replayed) the order, or gave way to the other one.
      if (answer.statusCode !== 201) expect(answer.json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    }
    expect(harness.cart.orders.length).toBeLessThanOrEqual(1);
    const placed = answers.filter((a) => a.statusCode === 201).map((a) => a.json().order.id);
    expect(new Set(placed).size).toBeLessThanOrEqual(1);

    // Whatever happened, the key now ends with exactly one order and its stock committed, nothing else held.
    const settled = await checkout(b, 'both');
    expect(settled.statusCode).toBe(201);
    const id = checkoutIdOf('both');
    expect(harness.cart.orders.map((o) => o.checkoutId)).toEqual([id]);
    expect(harness.catalog.reservations.get(id)?.state).toBe('committed');
    expect(harness.catalog.holding()).toEqual([]);
    expect([harness.catalog.stock.get(1), harness.catalog.stock.get(2)]).toEqual([3, 4]);
  });
});
