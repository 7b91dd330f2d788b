import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Browser, type Harness, startHarness } from '../test-support/shopper-harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function signedInWithCart(
  options?: Parameters<typeof startHarness>[0],
): Promise<{ harness: Harness; b: Browser }> {
  h = await startHarness(options);
  const b = h.browser();
  await b.request({ method: 'POST', url: '/api/cart/lines', body: { productId: 1, quantity: 2 } });
  await b.request({ method: 'POST', url: '/api/cart/lines', body: { productId: 2, quantity: 1 } });
  await b.request({
    method: 'POST',
    url: '/api/account/signup',
    body: { email: 'shopper@example.com', password: 'a-long-password', name: 'Shopper' },
  });
  return { harness: h, b };
}

function checkout(b: Browser, key: string | undefined, body?: unknown) {
  return b.request({
    method: 'POST',
    url: '/api/checkout',
    headers: key === undefined ? {} : { 'idempotency-key': key },
    body,
  });
}

interface StepLine {
  msg: string;
  checkoutId?: string;
  step?: string;
  outcome?: string;
}

function steps(harness: Harness): StepLine[] {
  return harness.logs
    .map((line) => JSON.parse(line) as StepLine)
    .filter((line) => line.msg === 'checkout step' || line.msg.startsWith('compensation'));
}

const ADDRESS = { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' };

describe('checkout', () => {
  it('reserves the stock, creates the order with fresh prices and empties the cart', async () => {
    const { harness, b } = await signedInWithCart();
    harness.catalog.stock.set(1, 3);
    const response = await checkout(b, 'order-1', { shippingAddress: ADDRESS });
    expect(response.statusCode).toBe(201);
    const { order, meta } = response.json();
    expect(meta).toEqual({ requestId: response.headers['x-request-id'] });
    expect(order).toMatchObject({ id: 1, status: 'placed', itemCount: 3, totalCents: 2 * 1001 + 1002 });
    expect(order.shippingAddress).toEqual(ADDRESS);
    expect(order.lines).toEqual([
      {
        productId: 1,
        name: 'Product 1',
        unitPriceCents: 1001,
        currency: 'EUR',
        quantity: 2,
        lineTotalCents: 2002,
      },
      {
        productId: 2,
        name: 'Product 2',
        unitPriceCents: 1002,
        currency: 'EUR',
        quantity: 1,
        lineTotalCents: 1002,
      },
    ]);
    // The service's userId is not part of the browser's order.
    expect(order).not.toHaveProperty('userId');
    expect([...harness.catalog.reservations.keys()]).toEqual([order.checkoutId]);
    expect(harness.catalog.stock.get(1)).toBe(1);
    expect(harness.catalog.released).toEqual([]);
    expect((await b.request({ url: '/api/cart' })).json().cart.lines).toEqual([]);
    expect((await b.request({ url: '/api/orders' })).json().orders.map((o: { id: number }) => o.id)).toEqual([
      1,
    ]);

    expect(steps(harness).map((s) => [s.step, s.outcome])).toEqual([
      ['read-cart', 'ok'],
      ['check-stock', 'ok'],
      ['reserve-stock', 'ok'],
      ['create-order', 'ok'],
    ]);
    expect(new Set(steps(harness).map((s) => s.checkoutId))).toEqual(new Set([order.checkoutId]));
  });

  it('refuses without a key, with a malformed key, signed out, with an empty cart or short stock', async () => {
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

    harness.catalog.stock.set(2, 0);
    const short = await checkout(b, 'short-1');
    expect(short.statusCode).toBe(409);
    expect(short.json().error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      lines: [{ productId: 2, requested: 1, available: 0 }],
    });
    expect(harness.catalog.reservations.size).toBe(0);

    await b.request({ method: 'DELETE', url: '/api/cart/lines/1' });
    await b.request({ method: 'DELETE', url: '/api/cart/lines/2' });
    const empty = await checkout(b, 'empty-1');
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('CART_EMPTY');
    expect(harness.cart.count('POST', '/orders')).toBe(0);
  });

  it('releases the reservation when the order cannot be created, and answers 503', async () => {
    const { harness, b } = await signedInWithCart();
    harness.cart.ordersMode = 'fail';
    const response = await checkout(b, 'fail-1');
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'cart' });
    const [checkoutId] = harness.catalog.released;
    expect(checkoutId).toEqual(expect.any(String));
    expect(harness.catalog.reservations.size).toBe(0);
    expect(harness.catalog.stock.get(1)).toBe(5);
    expect(harness.cart.orders).toEqual([]);
    expect(harness.cart.count('GET', `/orders/by-checkout/${checkoutId}`)).toBe(1);
    expect((await b.request({ url: '/api/cart' })).json().cart.itemCount).toBe(3);
    expect(steps(harness).map((s) => [s.step, s.outcome])).toEqual([
      ['read-cart', 'ok'],
      ['check-stock', 'ok'],
      ['reserve-stock', 'ok'],
      ['create-order', 'upstream-error'],
      ['find-order', 'not-found'],
      ['compensate', 'ok'],
    ]);

    // A 5xx is not stored: the same key may run again and succeed.
    harness.cart.ordersMode = 'ok';
    const retry = await checkout(b, 'fail-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('retries a failed compensation in the background until the catalog takes the stock back', async () => {
    const { harness, b } = await signedInWithCart();
    harness.cart.ordersMode = 'fail';
    harness.catalog.releaseMode = 'fail';
    expect((await checkout(b, 'fail-2')).statusCode).toBe(503);
    expect(harness.catalog.reservations.size).toBe(1);
    expect(harness.logs.some((l) => l.includes('"msg":"compensation pending"'))).toBe(true);

    harness.catalog.releaseMode = 'ok';
    await vi.waitFor(() => expect(harness.catalog.reservations.size).toBe(0), {
      timeout: 5000,
      interval: 10,
    });
    expect(harness.catalog.stock.get(1)).toBe(5);
    await vi.waitFor(() =>
      expect(harness.logs.some((l) => l.includes('"msg":"compensation done"'))).toBe(true),
    );
  });

  it('succeeds without compensation when step 4 timed out but the order was created', async () => {
    const { harness, b } = await signedInWithCart({ cartResilience: { timeoutMs: 300 } });
    harness.cart.ordersMode = 'create-then-hang';
    const response = await checkout(b, 'slow-1');
    expect(response.statusCode).toBe(201);
    expect(response.json().order.id).toBe(1);
    expect(harness.cart.orders).toHaveLength(1);
    expect(harness.catalog.released).toEqual([]);
    expect(harness.catalog.reservations.size).toBe(1);
    expect(
      steps(harness)
        .map((s) => [s.step, s.outcome])
        .slice(-2),
    ).toEqual([
      ['create-order', 'timeout'],
      ['find-order', 'found'],
    ]);
  });

  it('places one order for two checkouts with the same key (the second is a replay)', async () => {
    const { harness, b } = await signedInWithCart();
    const first = await checkout(b, 'twice');
    const second = await checkout(b, 'twice');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(second.json()).toEqual(first.json());
    expect(harness.cart.orders).toHaveLength(1);
    expect(harness.cart.count('POST', '/orders')).toBe(1);
    expect(harness.catalog.reservations.size).toBe(1);

    // Another body with the same key → 422; a new key → a new checkout (here: empty cart).
    const other = await checkout(b, 'twice', { shippingAddress: ADDRESS });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await checkout(b, 'again')).json().error.code).toBe('CART_EMPTY');
  });
});

describe('Idempotency-Key on cart writes', () => {
  it('replays the stored answer, calls the cart service once, 422 for another body', async () => {
    h = await startHarness();
    const b = h.browser();
    const first = await b.request({
      method: 'POST',
      url: '/api/cart/lines',
      body: { productId: 1, quantity: 1 },
      headers: { 'idempotency-key': 'add-1' },
    });
    const replay = await b.request({
      method: 'POST',
      url: '/api/cart/lines',
      body: { quantity: 1, productId: 1 }, // same JSON, other key order
      headers: { 'idempotency-key': 'add-1' },
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['set-cookie']).toBeUndefined();
    expect(replay.body).toBe(first.body);
    expect(h.cart.count('PUT', '/cart/lines/1')).toBe(1);
    expect((await b.request({ url: '/api/cart' })).json().cart.itemCount).toBe(1);

    const reused = await b.request({
      method: 'POST',
      url: '/api/cart/lines',
      body: { productId: 1, quantity: 2 },
      headers: { 'idempotency-key': 'add-1' },
    });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // The same key from another shopper is another key.
    const other = h.browser();
    const theirs = await other.request({
      method: 'POST',
      url: '/api/cart/lines',
      body: { productId: 1, quantity: 1 },
      headers: { 'idempotency-key': 'add-1' },
    });
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(h.cart.count('PUT', '/cart/lines/1')).toBe(2);
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_USE while the first request runs', async () => {
    h = await startHarness();
    const b = h.browser();
    await b.request({ method: 'POST', url: '/api/cart/lines', body: { productId: 1, quantity: 1 } });
    let open: () => void = () => {};
    h.cart.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const patch = { method: 'PATCH' as const, url: '/api/cart/lines/1', body: { quantity: 3 } };
    const first = b.request({ ...patch, headers: { 'idempotency-key': 'set-3' } });
    const cart = h.cart;
    await vi.waitFor(() => expect(cart.count('PUT', '/cart/lines/1')).toBe(2));
    const second = await b.request({ ...patch, headers: { 'idempotency-key': 'set-3' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    open();
    h.cart.gate = null;
    expect((await first).statusCode).toBe(200);
    const third = await b.request({ ...patch, headers: { 'idempotency-key': 'set-3' } });
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(h.cart.count('PUT', '/cart/lines/1')).toBe(2);
  });
});
