import { json, signed, type TestApp } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asAnonymous, asUser, call, startCart } from '../testing/cart-app.js';
import { ANON_A, ANON_B, type CartBody, type ErrorBody, snapshot } from '../testing/fixtures.js';

let started: TestApp;

beforeEach(async () => {
  started = await startCart();
});

afterEach(async () => {
  await started.close();
});

function put(headers: Record<string, string>, productId: number | string, body: unknown) {
  return call(started.app, 'PUT', `/cart/lines/${productId}`, headers, body);
}

async function cartOf(headers: Record<string, string>): Promise<CartBody['cart']> {
  const response = await call(started.app, 'GET', '/cart', headers);
  expect(response.statusCode).toBe(200);
  return json<CartBody>(response).cart;
}

describe('GET /cart', () => {
  it('answers an empty EUR cart at version 0 when there is none', async () => {
    expect(await cartOf(asUser(1))).toEqual({
      lines: [],
      itemCount: 0,
      subtotalCents: 0,
      currency: 'EUR',
      version: 0,
    });
  });
});

describe('PUT /cart/lines/:productId', () => {
  it('adds a line from its snapshot and answers the whole cart', async () => {
    const response = await put(asUser(1), 7, { quantity: 2, mode: 'add', snapshot: snapshot() });
    expect(response.statusCode).toBe(200);
    expect(json<CartBody>(response).cart).toEqual({
      lines: [
        {
          productId: 7,
          name: 'Cast iron skillet 26',
          slug: 'cast-iron-skillet-26',
          image: '/images/cast-iron-skillet-26.svg',
          unitPriceCents: 3990,
          currency: 'EUR',
          quantity: 2,
          lineTotalCents: 7980,
          stock: 10,
        },
      ],
      itemCount: 2,
      subtotalCents: 7980,
      currency: 'EUR',
      version: 1,
    });
  });

  it('add adds to the existing quantity; set replaces it; every change bumps the version', async () => {
    await put(asUser(1), 7, { quantity: 2, mode: 'add', snapshot: snapshot() });
    const added = json<CartBody>(await put(asUser(1), 7, { quantity: 3, mode: 'add' })).cart;
    expect(added.lines[0]?.quantity).toBe(5);
    expect(added.version).toBe(2);
    const set = json<CartBody>(await put(asUser(1), 7, { quantity: 1, mode: 'set' })).cart;
    expect(set.lines[0]?.quantity).toBe(1);
    expect(set.version).toBe(3);
    expect(set.subtotalCents).toBe(3990);
  });

  it('caps the quantity by the stock snapshot, the newest one given', async () => {
    const first = json<CartBody>(await put(asUser(1), 7, { quantity: 8, mode: 'add', snapshot: snapshot() }));
    expect(first.cart.lines[0]?.quantity).toBe(8);
    const capped = json<CartBody>(await put(asUser(1), 7, { quantity: 5, mode: 'add' })).cart;
    expect(capped.lines[0]?.quantity).toBe(10);
    // A newer snapshot with less stock and a new price replaces the stored one.
    const newer = json<CartBody>(
      await put(asUser(1), 7, {
        quantity: 1,
        mode: 'add',
        snapshot: snapshot({ stock: 4, unitPriceCents: 100 }),
      }),
    ).cart;
    expect(newer.lines[0]).toMatchObject({ quantity: 4, stock: 4, unitPriceCents: 100, lineTotalCents: 400 });
    // `set` without a snapshot is capped by the stored one.
    const set = json<CartBody>(await put(asUser(1), 7, { quantity: 9, mode: 'set' })).cart;
    expect(set.lines[0]?.quantity).toBe(4);
  });

  it('never holds more than 99 of one product', async () => {
    await put(asUser(1), 7, { quantity: 99, mode: 'add', snapshot: snapshot({ stock: 500 }) });
    const cart = json<CartBody>(await put(asUser(1), 7, { quantity: 99, mode: 'add' })).cart;
    expect(cart.lines[0]?.quantity).toBe(99);
  });

  it('set to 0 removes the line; adding an out-of-stock product adds nothing', async () => {
    await put(asUser(1), 7, { quantity: 2, mode: 'add', snapshot: snapshot() });
    await put(asUser(1), 8, {
      quantity: 1,
      mode: 'add',
      snapshot: snapshot({ slug: 'kettle', name: 'Kettle' }),
    });
    const removed = json<CartBody>(await put(asUser(1), 7, { quantity: 0, mode: 'set' })).cart;
    expect(removed.lines.map((line) => line.productId)).toEqual([8]);
    expect(removed.version).toBe(3);

    const none = json<CartBody>(
      await put(asUser(1), 9, { quantity: 1, mode: 'add', snapshot: snapshot({ stock: 0 }) }),
    );
    expect(none.cart.lines.map((line) => line.productId)).toEqual([8]);
    expect(none.cart.version).toBe(3);
  });

  it('keeps lines in the order they were first added', async () => {
    await put(asUser(1), 9, { quantity: 1, mode: 'add', snapshot: snapshot() });
    await put(asUser(1), 3, { quantity: 1, mode: 'add', snapshot: snapshot() });
    await put(asUser(1), 9, { quantity: 1, mode: 'add' });
    expect((await cartOf(asUser(1))).lines.map((line) => line.productId)).toEqual([9, 3]);
  });

  it('needs a snapshot for a product not yet in the cart', async () => {
    for (const mode of ['add', 'set']) {
      const response = await put(asUser(1), 7, { quantity: 1, mode });
      expect(response.statusCode).toBe(400);
      expect(json<ErrorBody>(response).error.code).toBe('SNAPSHOT_REQUIRED');
    }
    // Setting a missing line to 0 already holds.
    const zero = await put(asUser(1), 7, { quantity: 0, mode: 'set' });
    expect(zero.statusCode).toBe(200);
    expect(json<CartBody>(zero).cart.version).toBe(0);
  });

  it('rejects invalid bodies with INVALID_REQUEST naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ mode: 'add', snapshot: snapshot() }, 'quantity'],
      [{ quantity: 100, mode: 'add', snapshot: snapshot() }, 'quantity'],
      [{ quantity: -1, mode: 'set' }, 'quantity'],
      [{ quantity: 1.5, mode: 'set' }, 'quantity'],
      [{ quantity: '2', mode: 'set' }, 'quantity'],
      [{ quantity: 1, mode: 'replace' }, 'mode'],
      [{ quantity: 1 }, 'mode'],
      [{ quantity: 1, mode: 'add', extra: true }, 'extra'],
      [{ quantity: 1, mode: 'add', snapshot: { ...snapshot(), stock: -1 } }, 'snapshot.stock'],
      [{ quantity: 1, mode: 'add', snapshot: { ...snapshot(), currency: 'euro' } }, 'snapshot.currency'],
      [{ quantity: 1, mode: 'add', snapshot: { ...snapshot(), price: 1 } }, 'snapshot.price'],
      [{ quantity: 1, mode: 'add', snapshot: { name: 'x' } }, 'snapshot.slug'],
      [[1, 2], 'body'],
    ];
    for (const [body, field] of cases) {
      const response = await put(asUser(1), 7, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      const error = json<ErrorBody>(response).error;
      expect(error.code).toBe('INVALID_REQUEST');
      expect(error.field).toBe(field);
      expect(error.message).toContain(field === 'body' ? 'body' : field);
    }
    expect((await cartOf(asUser(1))).version).toBe(0);
  });

  it('rejects malformed JSON, a missing body and a non-JSON body with coded errors', async () => {
    const bad = await started.app.inject({
      ...signed({
        method: 'PUT',
        url: '/cart/lines/7',
        headers: { ...asUser(1), 'content-type': 'application/json' },
      }),
      payload: '{"quantity":',
    });
    expect(bad.statusCode).toBe(400);
    expect(json<ErrorBody>(bad).error.code).toBe('INVALID_REQUEST');

    const missing = await started.app.inject(
      signed({ method: 'PUT', url: '/cart/lines/7', headers: asUser(1) }),
    );
    expect(missing.statusCode).toBe(400);
    expect(json<ErrorBody>(missing).error.code).toBe('INVALID_REQUEST');

    // Fastify parses text/plain into a string, which is not an object.
    const text = await started.app.inject({
      ...signed({
        method: 'PUT',
        url: '/cart/lines/7',
        headers: { ...asUser(1), 'content-type': 'text/plain' },
      }),
      payload: 'quantity=1',
    });
    expect(text.statusCode).toBe(400);
    expect(json<ErrorBody>(text).error).toMatchObject({ code: 'INVALID_REQUEST', field: 'body' });

    const xml = await started.app.inject({
      ...signed({
        method: 'PUT',
        url: '/cart/lines/7',
        headers: { ...asUser(1), 'content-type': 'application/xml' },
      }),
      payload: '<quantity>1</quantity>',
    });
    expect(xml.statusCode).toBe(415);
    expect(json<ErrorBody>(xml).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a product id that is not a positive integer', async () => {
    for (const id of ['0', 'abc', '-1', '1.5', '12345678901234567890']) {
      const response = await put(asUser(1), id, { quantity: 1, mode: 'add', snapshot: snapshot() });
      expect(response.statusCode, id).toBe(400);
      expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_REQUEST', param: 'productId' });
    }
    const del = await call(started.app, 'DELETE', '/cart/lines/abc', asUser(1));
    expect(json<ErrorBody>(del).error.code).toBe('INVALID_REQUEST');
  });
});

describe('DELETE /cart/lines/:productId', () => {
  it('removes a line; an unknown line is still 200 and changes nothing', async () => {
    await put(asAnonymous(ANON_A), 7, { quantity: 2, mode: 'add', snapshot: snapshot() });
    const removed = await call(started.app, 'DELETE', '/cart/lines/7', asAnonymous(ANON_A));
    expect(removed.statusCode).toBe(200);
    expect(json<CartBody>(removed).cart).toMatchObject({ lines: [], itemCount: 0, version: 2 });

    const again = await call(started.app, 'DELETE', '/cart/lines/7', asAnonymous(ANON_A));
    expect(again.statusCode).toBe(200);
    expect(json<CartBody>(again).cart.version).toBe(2);

    const noCart = await call(started.app, 'DELETE', '/cart/lines/7', asUser(5));
    expect(noCart.statusCode).toBe(200);
    expect(json<CartBody>(noCart).cart.version).toBe(0);
  });
});

describe('identity', () => {
  it('needs exactly one valid identity header on every cart route', async () => {
    const headerSets: Array<Record<string, string>> = [
      {},
      { ...asUser(1), ...asAnonymous(ANON_A) },
      { 'x-user-id': '0' },
      { 'x-user-id': 'abc' },
      { 'x-user-id': '' },
      { 'x-anonymous-cart': 'short' },
      { 'x-anonymous-cart': 'has spaces in it, not base64url' },
      { 'x-anonymous-cart': 'x'.repeat(65) },
    ];
    for (const headers of headerSets) {
      for (const [method, url, body] of [
        ['GET', '/cart', undefined],
        ['PUT', '/cart/lines/7', { quantity: 1, mode: 'add', snapshot: snapshot() }],
        ['DELETE', '/cart/lines/7', undefined],
      ] as const) {
        const response = await call(started.app, method, url, headers, body);
        expect(response.statusCode, `${method} ${url} ${JSON.stringify(headers)}`).toBe(400);
        expect(json<ErrorBody>(response).error.code).toBe('IDENTITY_REQUIRED');
      }
    }
  });

  it('checks identity before the body', async () => {
    const response = await call(started.app, 'PUT', '/cart/lines/7', {}, { nonsense: true });
    expect(json<ErrorBody>(response).error.code).toBe('IDENTITY_REQUIRED');
  });

  it('keeps anonymous carts, user carts and different users apart', async () => {
    await put(asAnonymous(ANON_A), 1, { quantity: 1, mode: 'add', snapshot: snapshot() });
    await put(asAnonymous(ANON_B), 2, { quantity: 2, mode: 'add', snapshot: snapshot() });
    await put(asUser(1), 3, { quantity: 3, mode: 'add', snapshot: snapshot() });
    await put(asUser(2), 4, { quantity: 4, mode: 'add', snapshot: snapshot() });

    expect((await cartOf(asAnonymous(ANON_A))).lines.map((line) => line.productId)).toEqual([1]);
    expect((await cartOf(asAnonymous(ANON_B))).lines.map((line) => line.productId)).toEqual([2]);
    expect((await cartOf(asUser(1))).lines.map((line) => line.productId)).toEqual([3]);
    expect((await cartOf(asUser(2))).lines.map((line) => line.productId)).toEqual([4]);

    // Deleting "the same product" elsewhere touches only the caller's cart.
    await call(started.app, 'DELETE', '/cart/lines/3', asUser(2));
    expect((await cartOf(asUser(1))).itemCount).toBe(3);
  });
});

describe('POST /cart/merge', () => {
  function merge(userId: number, anonymousCartId: string) {
    return call(started.app, 'POST', '/cart/merge', asUser(userId), { anonymousCartId });
  }

  it('adds the anonymous lines to the user cart, capped, and deletes the anonymous cart', async () => {
    await put(asUser(1), 7, { quantity: 6, mode: 'add', snapshot: snapshot({ stock: 10 }) });
    await put(asUser(1), 8, { quantity: 1, mode: 'add', snapshot: snapshot({ name: 'Only mine' }) });
    // The anonymous line is newer: its price and its stock snapshot (8) win.
    await put(asAnonymous(ANON_A), 7, {
      quantity: 5,
      mode: 'add',
      snapshot: snapshot({ stock: 8, unitPriceCents: 3500 }),
    });
    await put(asAnonymous(ANON_A), 9, {
      quantity: 2,
      mode: 'add',
      snapshot: snapshot({ name: 'Only anon' }),
    });
    const versionBefore = (await cartOf(asUser(1))).version;

    const response = await merge(1, ANON_A);
    expect(response.statusCode).toBe(200);
    const cart = json<CartBody>(response).cart;
    expect(cart.lines.map((line) => [line.productId, line.quantity])).toEqual([
      [7, 8],
      [8, 1],
      [9, 2],
    ]);
    expect(cart.lines[0]).toMatchObject({ unitPriceCents: 3500, stock: 8, lineTotalCents: 28000 });
    expect(cart.version).toBe(versionBefore + 1);

    expect(await cartOf(asAnonymous(ANON_A))).toMatchObject({ lines: [], version: 0 });
  });

  it('takes the snapshot of the newer line when the user line was touched last', async () => {
    await put(asAnonymous(ANON_A), 7, {
      quantity: 1,
      mode: 'add',
      snapshot: snapshot({ unitPriceCents: 1 }),
    });
    await put(asUser(1), 7, { quantity: 1, mode: 'add', snapshot: snapshot({ unitPriceCents: 2 }) });
    const cart = json<CartBody>(await merge(1, ANON_A)).cart;
    expect(cart.lines[0]).toMatchObject({ quantity: 2, unitPriceCents: 2 });
  });

  it('is a no-op the second time and for a missing anonymous cart', async () => {
    await put(asAnonymous(ANON_A), 7, { quantity: 2, mode: 'add', snapshot: snapshot() });
    const first = json<CartBody>(await merge(1, ANON_A)).cart;
    const second = await merge(1, ANON_A);
    expect(second.statusCode).toBe(200);
    expect(json<CartBody>(second).cart).toEqual(first);
    const missing = await merge(1, ANON_B);
    expect(json<CartBody>(missing).cart).toEqual(first);
  });

  it('merging an empty anonymous cart changes nothing', async () => {
    await put(asAnonymous(ANON_A), 7, { quantity: 2, mode: 'add', snapshot: snapshot() });
    await call(started.app, 'DELETE', '/cart/lines/7', asAnonymous(ANON_A));
    const response = await merge(1, ANON_A);
    expect(json<CartBody>(response).cart).toEqual({
      lines: [],
      itemCount: 0,
      subtotalCents: 0,
      currency: 'EUR',
      version: 0,
    });
  });

  it('needs a signed-in shopper and a valid body', async () => {
    const anonymous = await call(started.app, 'POST', '/cart/merge', asAnonymous(ANON_B), {
      anonymousCartId: ANON_A,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(json<ErrorBody>(anonymous).error.code).toBe('USER_REQUIRED');
    const nobody = await call(started.app, 'POST', '/cart/merge', {}, { anonymousCartId: ANON_A });
    expect(json<ErrorBody>(nobody).error.code).toBe('USER_REQUIRED');

    for (const [body, field] of [
      [{}, 'anonymousCartId'],
      [{ anonymousCartId: 'short' }, 'anonymousCartId'],
      [{ anonymousCartId: 42 }, 'anonymousCartId'],
      [{ anonymousCartId: ANON_A, more: 1 }, 'more'],
    ] as const) {
      const response = await call(started.app, 'POST', '/cart/merge', asUser(1), body);
      expect(response.statusCode).toBe(400);
      expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_REQUEST', field });
    }
  });
});
