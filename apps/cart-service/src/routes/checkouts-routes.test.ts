import { json, signed, type TestApp } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checkout, CheckoutState, Order } from '../db/types.js';
import { asAnonymous, asUser, call, PRICED_LINE, reserveCheckout, startCart } from '../testing/cart-app.js';
import { ANON_A, type CartBody, type ErrorBody, snapshot } from '../testing/fixtures.js';

let started: TestApp;

beforeEach(async () => {
  started = await startCart();
});

afterEach(async () => {
  await started.close();
});

const ID = 'chk_0123456789abcdef';
const ADDRESS = { line1: '1 Main Street', city: 'Lyon', postalCode: '69001', country: 'FR' };
const ERROR = {
  status: 409,
  code: 'INSUFFICIENT_STOCK',
  message: 'Not enough stock.',
  details: { productId: 7 },
};

interface CheckoutBody {
  checkout: Checkout;
}

interface TransitionBody extends CheckoutBody {
  changed: boolean;
}

function open(userId: number, id = ID, shippingAddress: unknown = ADDRESS) {
  return call(started.app, 'PUT', `/checkouts/${id}`, asUser(userId), { shippingAddress });
}

function get(userId: number, id = ID) {
  return call(started.app, 'GET', `/checkouts/${id}`, asUser(userId));
}

function transition(userId: number, body: Record<string, unknown>, id = ID) {
  return call(started.app, 'POST', `/checkouts/${id}/transitions`, asUser(userId), body);
}

/** A transition that must be applied; answers the record. */
async function move(body: Record<string, unknown>, id = ID): Promise<Checkout> {
  const response = await transition(1, body, id);
  expect(response.statusCode, JSON.stringify(body)).toBe(200);
  const answer = json<TransitionBody>(response);
  expect(answer.changed, JSON.stringify(body)).toBe(true);
  return answer.checkout;
}

const TO_RESERVING = { from: ['open'], to: 'reserving', lines: [PRICED_LINE], cartVersion: 1 };

/** Makes the record look untouched for `ms` (the tests' clock is the wall clock). */
function age(id: string, ms: number): void {
  started.app.db.sqlite
    .prepare('UPDATE checkouts SET updated_at = ? WHERE id = ?')
    .run(new Date(Date.now() - ms).toISOString(), id);
}

/** User 1's cart with one line (version 1), and the order body the BFF would send for it. */
async function fillCart(): Promise<void> {
  await call(started.app, 'PUT', '/cart/lines/7', asUser(1), {
    quantity: 2,
    mode: 'add',
    snapshot: snapshot(),
  });
}

function placeOrder(userId = 1, id = ID) {
  return call(started.app, 'POST', '/orders', asUser(userId), {
    checkoutId: id,
    lines: [PRICED_LINE],
    shippingAddress: ADDRESS,
    expectedCartVersion: 1,
  });
}

function orderCount(): number {
  return started.app.db.sqlite.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number;
}

describe('PUT /checkouts/:id', () => {
  it('creates the record in open (201), then answers the same record (200)', async () => {
    const created = await open(1);
    expect(created.statusCode).toBe(201);
    const { checkout } = json<CheckoutBody>(created);
    expect(checkout).toEqual({
      id: ID,
      userId: 1,
      state: 'open',
      mode: 'orchestrated',
      shippingAddress: ADDRESS,
      lines: null,
      cartVersion: null,
      orderId: null,
      error: null,
      createdAt: checkout.createdAt,
      updatedAt: checkout.createdAt,
    });
    expect(Number.isNaN(Date.parse(checkout.createdAt))).toBe(false);

    // Key order does not matter: the fingerprint is of the canonical JSON.
    const again = await open(1, ID, {
      country: 'FR',
      postalCode: '69001',
      city: 'Lyon',
      line1: '1 Main Street',
    });
    expect(again.statusCode).toBe(200);
    expect(json<CheckoutBody>(again).checkout).toEqual(checkout);
  });

  it('answers the existing record whatever its state', async () => {
    await open(1);
    await move(TO_RESERVING);
    const again = await open(1);
    expect(again.statusCode).toBe(200);
    expect(json<CheckoutBody>(again).checkout.state).toBe('reserving');
  });

  it('accepts a null address, and refuses another address for the same id with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    expect((await open(1, ID, null)).statusCode).toBe(201);
    for (const address of [ADDRESS, { ...ADDRESS, line2: '' }]) {
      const response = await open(1, ID, address);
      expect(response.statusCode).toBe(422);
      expect(json<ErrorBody>(response).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
    expect(json<CheckoutBody>(await get(1)).checkout.shippingAddress).toBeNull();
  });

  it("answers 409 CHECKOUT_ID_CONFLICT for another user's id", async () => {
    await open(1);
    const response = await open(2);
    expect(response.statusCode).toBe(409);
    expect(json<ErrorBody>(response).error.code).toBe('CHECKOUT_ID_CONFLICT');
  });

  it('records an id whose order already exists (its record swept) as completed with that order', async () => {
    await fillCart();
    await open(1);
    await move(TO_RESERVING);
    const order = json<{ order: Order }>(await placeOrder()).order;
    started.app.db.sqlite.prepare('DELETE FROM checkouts').run();

    const reopened = await open(1);
    expect(reopened.statusCode).toBe(201);
    expect(json<CheckoutBody>(reopened).checkout).toMatchObject({ state: 'completed', orderId: order.id });
    started.app.db.sqlite.prepare('DELETE FROM checkouts').run();
    const other = await open(2);
    expect(other.statusCode).toBe(409);
    expect(json<ErrorBody>(other).error.code).toBe('CHECKOUT_ID_CONFLICT');
  });

  it('validates the id, the identity and the body', async () => {
    for (const id of ['short', 'has.dot.in.it', 'x'.repeat(65)]) {
      const response = await open(1, id);
      expect(response.statusCode, id).toBe(400);
      expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_REQUEST', param: 'id' });
    }
    const anonymous = await call(started.app, 'PUT', `/checkouts/${ID}`, asAnonymous(ANON_A), {
      shippingAddress: null,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(json<ErrorBody>(anonymous).error.code).toBe('USER_REQUIRED');
    const missing = await call(started.app, 'PUT', `/checkouts/${ID}`, asUser(1), {});
    expect(json<ErrorBody>(missing).error).toMatchObject({
      code: 'INVALID_REQUEST',
      field: 'shippingAddress',
    });
    const bad = await open(1, ID, { ...ADDRESS, country: 'France' });
    expect(json<ErrorBody>(bad).error).toMatchObject({
      code: 'INVALID_REQUEST',
      field: 'shippingAddress.country',
    });
  });
});

describe('GET /checkouts/:id', () => {
  it("answers the caller's record, and 404 CHECKOUT_NOT_FOUND for a missing or another user's id", async () => {
    const created = json<CheckoutBody>(await open(1)).checkout;
    const mine = await get(1);
    expect(mine.statusCode).toBe(200);
    expect(json<CheckoutBody>(mine).checkout).toEqual(created);
    for (const [userId, id] of [
      [2, ID],
      [1, 'chk_missing_000'],
    ] as const) {
      const response = await get(userId, id);
      expect(response.statusCode).toBe(404);
      expect(json<ErrorBody>(response).error.code).toBe('CHECKOUT_NOT_FOUND');
    }
    expect((await get(1, 'bad id')).statusCode).toBe(400);
    expect((await call(started.app, 'GET', `/checkouts/${ID}`, {})).statusCode).toBe(401);
  });
});

describe('POST /checkouts/:id/transitions', () => {
  it('open → reserving stores the priced lines and cart version', async () => {
    await open(1);
    const checkout = await move(TO_RESERVING);
    expect(checkout).toMatchObject({ state: 'reserving', lines: [PRICED_LINE], cartVersion: 1, error: null });
    expect(checkout.updatedAt >= checkout.createdAt).toBe(true);
  });

  it('open → failed stores the error', async () => {
    await open(1);
    const checkout = await move({ from: ['open'], to: 'failed', error: ERROR });
    expect(checkout).toMatchObject({ state: 'failed', error: ERROR, lines: null });
  });

  it('reserving → releasing → open clears the priced lines; open → reserving again stores new ones', async () => {
    await open(1);
    await move(TO_RESERVING);
    expect(await move({ from: ['reserving'], to: 'releasing' })).toMatchObject({
      state: 'releasing',
      lines: [PRICED_LINE],
      cartVersion: 1,
    });
    expect(await move({ from: ['releasing'], to: 'open' })).toMatchObject({
      state: 'open',
      lines: null,
      cartVersion: null,
    });
    const again = await move({ ...TO_RESERVING, lines: [{ ...PRICED_LINE, quantity: 1 }], cartVersion: 4 });
    expect(again).toMatchObject({
      state: 'reserving',
      lines: [{ ...PRICED_LINE, quantity: 1 }],
      cartVersion: 4,
    });
  });

  it('reserving → failed and releasing → failed store the error', async () => {
    await open(1);
    await move(TO_RESERVING);
    expect(await move({ from: ['reserving'], to: 'failed', error: ERROR })).toMatchObject({
      state: 'failed',
      error: ERROR,
      lines: [PRICED_LINE],
    });

    await open(1, 'chk_second_checkout');
    await move(TO_RESERVING, 'chk_second_checkout');
    await move({ from: ['reserving'], to: 'releasing' }, 'chk_second_checkout');
    const failed = await move(
      { from: ['reserving', 'releasing'], to: 'failed', error: { ...ERROR, status: 400 } },
      'chk_second_checkout',
    );
    expect(failed).toMatchObject({ state: 'failed', error: { ...ERROR, status: 400 } });
  });

  it('POST /orders moves reserving → ordered with the order id; then ordered → completed', async () => {
    await fillCart();
    await open(1);
    await move(TO_RESERVING);
    const placed = await placeOrder();
    expect(placed.statusCode).toBe(201);
    const { order } = json<{ order: Order }>(placed);
    expect(json<CheckoutBody>(await get(1)).checkout).toMatchObject({ state: 'ordered', orderId: order.id });
    expect(await move({ from: ['ordered'], to: 'completed' })).toMatchObject({
      state: 'completed',
      orderId: order.id,
    });
  });

  it('answers changed: false with the current record when the state is not in from, and changes nothing', async () => {
    await open(1);
    const before = json<CheckoutBody>(await get(1)).checkout;
    const response = await transition(1, { from: ['reserving'], to: 'releasing' });
    expect(response.statusCode).toBe(200);
    expect(json<TransitionBody>(response)).toEqual({ checkout: before, changed: false });
    expect(json<CheckoutBody>(await get(1)).checkout).toEqual(before);
  });

  it('with staleAfterMs, moves only a record unchanged for at least that long', async () => {
    await open(1);
    await move(TO_RESERVING);
    const fresh = await transition(1, { from: ['reserving'], to: 'releasing', staleAfterMs: 60_000 });
    expect(json<TransitionBody>(fresh)).toMatchObject({ changed: false, checkout: { state: 'reserving' } });
    age(ID, 61_000);
    const stale = await transition(1, { from: ['reserving'], to: 'releasing', staleAfterMs: 60_000 });
    expect(json<TransitionBody>(stale)).toMatchObject({ changed: true, checkout: { state: 'releasing' } });
    // The step itself makes the record fresh again.
    const again = await transition(1, { from: ['releasing'], to: 'open', staleAfterMs: 60_000 });
    expect(json<TransitionBody>(again).changed).toBe(false);
  });

  it('answers 400 INVALID_TRANSITION for a pair that is not allowed or a missing field, whatever the state', async () => {
    await open(1);
    const cases: Array<Record<string, unknown>> = [
      { from: ['open'], to: 'ordered' },
      { from: ['open'], to: 'open' },
      { from: ['open'], to: 'completed' },
      { from: ['reserving'], to: 'open' },
      { from: ['reserving'], to: 'completed' },
      { from: ['ordered'], to: 'releasing' },
      { from: ['ordered'], to: 'failed', error: ERROR },
      { from: ['completed'], to: 'open' },
      { from: ['failed'], to: 'open' },
      { from: ['open', 'ordered'], to: 'failed', error: ERROR },
      { from: ['open'], to: 'reserving', cartVersion: 1 },
      { from: ['open'], to: 'reserving', lines: [PRICED_LINE] },
      { from: ['open'], to: 'failed' },
    ];
    for (const body of cases) {
      const response = await transition(1, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(json<ErrorBody>(response).error.code).toBe('INVALID_TRANSITION');
    }
    const empty = await transition(1, { ...TO_RESERVING, lines: [] });
    expect(json<ErrorBody>(empty).error).toMatchObject({ code: 'INVALID_REQUEST', field: 'lines' });
    const badError = await transition(1, { from: ['open'], to: 'failed', error: { ...ERROR, status: 200 } });
    expect(json<ErrorBody>(badError).error).toMatchObject({ code: 'INVALID_REQUEST', field: 'error.status' });
    const badState = await transition(1, { from: ['gone'], to: 'failed', error: ERROR });
    expect(json<ErrorBody>(badState).error).toMatchObject({ code: 'INVALID_REQUEST', field: 'from[0]' });
    expect(json<CheckoutBody>(await get(1)).checkout.state).toBe('open');
  });

  it("answers 404 CHECKOUT_NOT_FOUND for a missing or another user's record", async () => {
    await open(1);
    for (const [userId, id] of [
      [2, ID],
      [1, 'chk_missing_000'],
    ] as const) {
      const response = await transition(userId, TO_RESERVING, id);
      expect(response.statusCode).toBe(404);
      expect(json<ErrorBody>(response).error.code).toBe('CHECKOUT_NOT_FOUND');
    }
    expect(json<CheckoutBody>(await get(1)).checkout.state).toBe('open');
  });
});

describe('POST /orders gated by the checkout record', () => {
  it('refuses an order once the checkout is releasing (409 CHECKOUT_NOT_RESERVING), changing nothing', async () => {
    await fillCart();
    await open(1);
    await move(TO_RESERVING);
    await move({ from: ['reserving'], to: 'releasing' });
    const response = await placeOrder();
    expect(response.statusCode).toBe(409);
    expect(json<ErrorBody>(response).error).toMatchObject({
      code: 'CHECKOUT_NOT_RESERVING',
      state: 'releasing',
    });
    expect(orderCount()).toBe(0);
    expect(json<CartBody>(await call(started.app, 'GET', '/cart', asUser(1))).cart.itemCount).toBe(2);
    expect(json<CheckoutBody>(await get(1)).checkout.state).toBe('releasing');
  });

  it('never releases a checkout that has its order: reserving → releasing after the order is changed: false', async () => {
    await fillCart();
    await open(1);
    await move(TO_RESERVING);
    await placeOrder();
    const response = await transition(1, { from: ['reserving'], to: 'releasing' });
    expect(json<TransitionBody>(response)).toMatchObject({ changed: false, checkout: { state: 'ordered' } });
  });

  it('refuses an order for a checkout still open, failed or missing', async () => {
    await fillCart();
    await open(1);
    const stillOpen = await placeOrder();
    expect(stillOpen.statusCode).toBe(409);
    expect(json<ErrorBody>(stillOpen).error).toMatchObject({ code: 'CHECKOUT_NOT_RESERVING', state: 'open' });
    await move({ from: ['open'], to: 'failed', error: ERROR });
    expect(json<ErrorBody>(await placeOrder()).error).toMatchObject({ state: 'failed' });

    const missing = await placeOrder(1, 'chk_never_opened');
    expect(missing.statusCode).toBe(404);
    expect(json<ErrorBody>(missing).error.code).toBe('CHECKOUT_NOT_FOUND');
    await reserveCheckout(started.app, 2, 'chk_of_user_two');
    const others = await placeOrder(1, 'chk_of_user_two');
    expect(others.statusCode).toBe(404);
    expect(json<ErrorBody>(others).error.code).toBe('CHECKOUT_NOT_FOUND');
    expect(orderCount()).toBe(0);
  });

  it('replays the order (200) once the checkout is ordered or completed', async () => {
    await fillCart();
    await open(1);
    await move(TO_RESERVING);
    const first = json<{ order: Order }>(await placeOrder()).order;
    const whileOrdered = await placeOrder();
    expect(whileOrdered.statusCode).toBe(200);
    expect(json<{ order: Order }>(whileOrdered).order).toEqual(first);
    await move({ from: ['ordered'], to: 'completed' });
    const whileCompleted = await placeOrder();
    expect(whileCompleted.statusCode).toBe(200);
    expect(json<{ order: Order }>(whileCompleted).order).toEqual(first);
    expect(orderCount()).toBe(1);
  });

  it('keeps CART_CHANGED: the checkout stays reserving', async () => {
    await fillCart();
    await open(1);
    await move(TO_RESERVING);
    await call(started.app, 'PUT', '/cart/lines/8', asUser(1), {
      quantity: 1,
      mode: 'add',
      snapshot: snapshot(),
    });
    const response = await placeOrder();
    expect(json<ErrorBody>(response).error).toMatchObject({ code: 'CART_CHANGED', cartVersion: 2 });
    expect(json<CheckoutBody>(await get(1)).checkout.state).toBe('reserving');
  });
});

describe('GET /checkouts/unfinished', () => {
  /** Opens `id` for user 1 and drives it to `state`, then makes it look untouched for `ageMs`. */
  async function checkoutIn(id: string, state: CheckoutState, ageMs: number): Promise<void> {
    await open(1, id);
    if (state !== 'open') await move(TO_RESERVING, id);
    if (state === 'releasing') await move({ from: ['reserving'], to: 'releasing' }, id);
    if (state === 'failed') await move({ from: ['reserving'], to: 'failed', error: ERROR }, id);
    if (state === 'ordered' || state === 'completed') {
      const version = json<CartBody>(await call(started.app, 'GET', '/cart', asUser(1))).cart.version;
      const placed = await call(started.app, 'POST', '/orders', asUser(1), {
        checkoutId: id,
        lines: [PRICED_LINE],
        shippingAddress: null,
        expectedCartVersion: version,
      });
      expect(placed.statusCode).toBe(201);
    }
    if (state === 'completed') await move({ from: ['ordered'], to: 'completed' }, id);
    age(id, ageMs);
  }

  function unfinished(query = '') {
    // No identity, but signed: the list is the BFF's recovery sweep's, nobody else's.
    return started.app.inject(signed({ method: 'GET', url: `/checkouts/unfinished${query}` }));
  }

  it('lists reserving, releasing and ordered records at least staleAfterMs old, oldest first, without identity', async () => {
    await checkoutIn('chk_open_00001', 'open', 60_000);
    await checkoutIn('chk_reserving1', 'reserving', 30_000);
    await checkoutIn('chk_releasing1', 'releasing', 50_000);
    await checkoutIn('chk_ordered_01', 'ordered', 40_000);
    await checkoutIn('chk_completed1', 'completed', 60_000);
    await checkoutIn('chk_failed_001', 'failed', 60_000);
    await checkoutIn('chk_reserving2', 'reserving', 1_000);

    const all = await unfinished();
    expect(all.statusCode).toBe(200);
    const ids = (body: { checkouts: Checkout[] }) => body.checkouts.map((checkout) => checkout.id);
    expect(ids(json(all))).toEqual(['chk_releasing1', 'chk_ordered_01', 'chk_reserving1']);
    expect(json<{ checkouts: Checkout[] }>(all).checkouts[1]).toMatchObject({ userId: 1, state: 'ordered' });
    expect(ids(json(await unfinished('?staleAfterMs=45000')))).toEqual(['chk_releasing1']);
    expect(ids(json(await unfinished('?staleAfterMs=0&limit=2')))).toEqual([
      'chk_releasing1',
      'chk_ordered_01',
    ]);
    expect(ids(json(await unfinished('?staleAfterMs=0')))).toHaveLength(4);
  });

  it('answers 400 INVALID_REQUEST for a malformed or out-of-range parameter', async () => {
    for (const [query, param] of [
      ['?staleAfterMs=-1', 'staleAfterMs'],
      ['?staleAfterMs=abc', 'staleAfterMs'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=1.5', 'limit'],
    ] as const) {
      const response = await unfinished(query);
      expect(response.statusCode, query).toBe(400);
      expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_REQUEST', param });
    }
    expect((await unfinished('?limit=500')).statusCode).toBe(200);
  });
});
