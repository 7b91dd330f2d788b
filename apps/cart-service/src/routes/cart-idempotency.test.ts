import { join } from 'node:path';
import { json, signed, TEST_SERVICE_SECRET, type TestApp, tempDir } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { asAnonymous, asUser, call, startCart } from '../testing/cart-app.js';
import { ANON_A, ANON_B, type CartBody, type ErrorBody, snapshot } from '../testing/fixtures.js';

let started: TestApp;

beforeEach(async () => {
  started = await startCart();
});

afterEach(async () => {
  await started.close();
});

function withKey(headers: Record<string, string>, key: string): Record<string, string> {
  return { ...headers, 'idempotency-key': key };
}

function put(headers: Record<string, string>, productId: number, body: unknown) {
  return call(started.app, 'PUT', `/cart/lines/${productId}`, headers, body);
}

async function cartOf(headers: Record<string, string>): Promise<CartBody['cart']> {
  return json<CartBody>(await call(started.app, 'GET', '/cart', headers)).cart;
}

function keysStored(): number {
  return started.app.db.sqlite.prepare('SELECT count(*) FROM idempotency_keys').pluck().get() as number;
}

const ADD_ONE = { quantity: 1, mode: 'add', snapshot: snapshot() };

describe('PUT /cart/lines/:productId with an Idempotency-Key', () => {
  it('adds once: the second request with the key replays the first answer', async () => {
    const first = await put(withKey(asUser(1), 'add-1'), 7, ADD_ONE);
    expect(first.statusCode).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const second = await put(withKey(asUser(1), 'add-1'), 7, ADD_ONE);
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(json(second)).toEqual(json(first));
    expect(await cartOf(asUser(1))).toMatchObject({ itemCount: 1, version: 1 });
  });

  // 2000 requests through the whole request path (a span each since tracing) can outlast the 5 s default on a
  // busy machine, and a loop cut short by the timeout would go on writing into the next test's app.
  it("keeps a shopper's key through a flood of cookie-less adds with fresh keys (no global bound to evict it)", async () => {
    await put(withKey(asUser(1), 'mine'), 7, ADD_ONE);
    for (let i = 0; i < 2000; i++) {
      // Each cookie-less add is a new anonymous cart: a new caller with one key.
      await put(withKey(asAnonymous(`flood${String(i).padStart(20, '0')}`), `k${i}`), 7, ADD_ONE);
    }
    const retry = await put(withKey(asUser(1), 'mine'), 7, ADD_ONE);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await cartOf(asUser(1))).toMatchObject({ itemCount: 1 });
  }, 30_000);

  it('fingerprints mode and quantity, not the snapshot the BFF reads again on a retry', async () => {
    await put(withKey(asUser(1), 'add-1'), 7, ADD_ONE);
    const repriced = await put(withKey(asUser(1), 'add-1'), 7, {
      ...ADD_ONE,
      snapshot: snapshot({ unitPriceCents: 4200, stock: 3 }),
    });
    expect(repriced.statusCode).toBe(200);
    expect(repriced.headers['idempotent-replayed']).toBe('true');
    expect(await cartOf(asUser(1))).toMatchObject({ itemCount: 1, subtotalCents: 3990 });
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for another quantity, mode or product with the key, changing nothing', async () => {
    await put(withKey(asUser(1), 'add-1'), 7, ADD_ONE);
    for (const [productId, body] of [
      [7, { ...ADD_ONE, quantity: 2 }],
      [7, { ...ADD_ONE, mode: 'set' }],
      [8, ADD_ONE],
    ] as const) {
      const response = await put(withKey(asUser(1), 'add-1'), productId, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(json<ErrorBody>(response).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
    expect(await cartOf(asUser(1))).toMatchObject({ itemCount: 1, version: 1 });
  });

  it('scopes keys by cart owner: the same key from another shopper is its own request', async () => {
    await put(withKey(asUser(1), 'add-1'), 7, ADD_ONE);
    const other = await put(withKey(asAnonymous(ANON_A), 'add-1'), 7, { ...ADD_ONE, quantity: 3 });
    expect(other.statusCode).toBe(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    const user2 = await put(withKey(asUser(2), 'add-1'), 7, ADD_ONE);
    expect(user2.headers['idempotent-replayed']).toBeUndefined();
    expect((await cartOf(asUser(1))).itemCount).toBe(1);
    expect((await cartOf(asAnonymous(ANON_A))).itemCount).toBe(3);
    expect((await cartOf(asUser(2))).itemCount).toBe(1);
  });

  it('behaves as before without a key: every request is applied', async () => {
    await put(asUser(1), 7, ADD_ONE);
    const second = await put(asUser(1), 7, ADD_ONE);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(await cartOf(asUser(1))).toMatchObject({ itemCount: 2, version: 2 });
    expect(keysStored()).toBe(0);
  });

  it('stores nothing for an error: SNAPSHOT_REQUIRED, then the retry with the snapshot is applied', async () => {
    const { snapshot: _none, ...bare } = ADD_ONE;
    const refused = await put(withKey(asUser(1), 'add-1'), 7, bare);
    expect(json<ErrorBody>(refused).error.code).toBe('SNAPSHOT_REQUIRED');
    expect(keysStored()).toBe(0);
    const retry = await put(withKey(asUser(1), 'add-1'), 7, ADD_ONE);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect((await cartOf(asUser(1))).itemCount).toBe(1);
  });

  it('rolls back the line and the key together when the write fails inside the ledger transaction', async () => {
    started.app.db.sqlite.exec(`CREATE TRIGGER fail_666 BEFORE INSERT ON cart_lines WHEN NEW.product_id = 666
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const failed = await put(withKey(asUser(1), 'k'), 666, ADD_ONE);
    expect(failed.statusCode).toBe(500);
    expect(keysStored()).toBe(0);
    expect(await cartOf(asUser(1))).toMatchObject({ itemCount: 0, version: 0 });
    started.app.db.sqlite.exec('DROP TRIGGER fail_666');
    const retry = await put(withKey(asUser(1), 'k'), 666, ADD_ONE);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await cartOf(asUser(1))).toMatchObject({ itemCount: 1, version: 1 });
  });

  it('answers 400 INVALID_IDEMPOTENCY_KEY for a malformed key', async () => {
    const response = await put(withKey(asUser(1), 'has space'), 7, ADD_ONE);
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error.code).toBe('INVALID_IDEMPOTENCY_KEY');
    expect((await cartOf(asUser(1))).itemCount).toBe(0);
  });
});

describe('DELETE /cart/lines/:productId with an Idempotency-Key', () => {
  it('removes once: a late retry does not remove the line added again since', async () => {
    await put(asUser(1), 7, ADD_ONE);
    const first = await call(started.app, 'DELETE', '/cart/lines/7', withKey(asUser(1), 'del-1'));
    expect(json<CartBody>(first).cart).toMatchObject({ itemCount: 0, version: 2 });
    await put(asUser(1), 7, ADD_ONE);

    const retry = await call(started.app, 'DELETE', '/cart/lines/7', withKey(asUser(1), 'del-1'));
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(json(retry)).toEqual(json(first));
    expect(await cartOf(asUser(1))).toMatchObject({ itemCount: 1, version: 3 });
  });
});

describe('POST /cart/merge with an Idempotency-Key', () => {
  it('merges once and refuses the key for another anonymous cart', async () => {
    await put(asAnonymous(ANON_A), 7, ADD_ONE);
    const first = await call(started.app, 'POST', '/cart/merge', withKey(asUser(1), 'merge-1'), {
      anonymousCartId: ANON_A,
    });
    expect(json<CartBody>(first).cart.itemCount).toBe(1);
    await put(asAnonymous(ANON_A), 7, ADD_ONE);

    const retry = await call(started.app, 'POST', '/cart/merge', withKey(asUser(1), 'merge-1'), {
      anonymousCartId: ANON_A,
    });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(json(retry)).toEqual(json(first));
    expect((await cartOf(asUser(1))).itemCount).toBe(1);
    expect((await cartOf(asAnonymous(ANON_A))).itemCount).toBe(1);

    const other = await call(started.app, 'POST', '/cart/merge', withKey(asUser(1), 'merge-1'), {
      anonymousCartId: ANON_B,
    });
    expect(other.statusCode).toBe(422);
    expect(json<ErrorBody>(other).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

it('replays a key after a restart of the service on the same database file', async () => {
  const temp = tempDir('cart-service');
  const dbPath = join(temp.dir, 'cart.db');
  const headers = withKey(asUser(4), 'survives-restart');
  try {
    const first = build({ dbPath, serviceSecret: TEST_SERVICE_SECRET });
    const before = await first.inject({
      ...signed({ method: 'PUT', url: '/cart/lines/3', headers }),
      payload: ADD_ONE,
    });
    expect(before.statusCode).toBe(200);
    await first.close();

    const second = build({ dbPath, serviceSecret: TEST_SERVICE_SECRET });
    try {
      const after = await second.inject({
        ...signed({ method: 'PUT', url: '/cart/lines/3', headers }),
        payload: ADD_ONE,
      });
      expect(after.statusCode).toBe(200);
      expect(after.headers['idempotent-replayed']).toBe('true');
      expect(after.json()).toEqual(before.json());
      const cart = await second.inject(signed({ method: 'GET', url: '/cart', headers: asUser(4) }));
      expect(json<CartBody>(cart).cart).toMatchObject({ itemCount: 1, version: 1 });
    } finally {
      await second.close();
    }
  } finally {
    temp.cleanup();
  }
});
