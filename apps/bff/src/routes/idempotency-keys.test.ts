// Idempotency-Key on cart, profile and sign-up writes: the BFF derives the key the service stores with the
// effect, so replays (and 422 for another body) come from the service, pass through, and survive a BFF restart.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deriveServiceKey } from '../plugins/idempotency.js';
import {
  type Browser,
  type Harness,
  type HarnessOptions,
  startHarness,
} from '../test-support/shopper-harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setUp(options?: HarnessOptions): Promise<Harness> {
  h = await startHarness(options);
  return h;
}

function add(b: Browser, body: Record<string, unknown>, key?: string) {
  return b.request({
    method: 'POST',
    url: '/api/cart/lines',
    body,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });
}

const PASSWORD = 'a-long-password';

function signUp(b: Browser, key: string, password = PASSWORD) {
  return b.request({
    method: 'POST',
    url: '/api/account/signup',
    body: { email: 'keys@example.com', password, name: 'Keys' },
    headers: { 'idempotency-key': key },
  });
}

describe('Idempotency-Key on cart writes', () => {
  it('passes the service’s replay through, sends the derived key, and 422 for another body', async () => {
    const { browser, cart } = await setUp();
    const b = browser();
    const first = await add(b, { productId: 1, quantity: 1 }, 'add-1');
    expect(first.statusCode).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await add(b, { quantity: 1, productId: 1 }, 'add-1'); // same JSON, other key order
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['set-cookie']).toBeUndefined();
    expect(replay.json().cart).toEqual(first.json().cart);
    // The service ran the change once and replayed it once.
    expect(cart.count('PUT', '/cart/lines/1')).toBe(2);
    expect(cart.ledger).toMatchObject({ effects: 1, replays: 1 });
    expect((await b.request({ url: '/api/cart' })).json().cart.itemCount).toBe(1);

    // The service gets the key derived from the shopper's key and cart, never the shopper's key itself.
    const sent = cart.hits.filter((hit) => hit.method === 'PUT').map((hit) => hit.idempotencyKey);
    const derived = deriveServiceKey(`cart:${b.cookies.get('sf_cart')}`, 'add-1');
    expect(sent).toEqual([derived, derived]);

    const reused = await add(b, { productId: 1, quantity: 2 }, 'add-1');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // The same key from another shopper is another key.
    const theirs = await add(browser(), { productId: 1, quantity: 1 }, 'add-1');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(cart.ledger.effects).toBe(2);
  });

  it('loses nothing when the BFF restarts: the same key replays from the cart service', async () => {
    const harness = await setUp();
    const b = harness.browser();
    expect((await add(b, { productId: 1, quantity: 2 }, 'before-restart')).statusCode).toBe(200);
    const removed = await b.request({
      method: 'DELETE',
      url: '/api/cart/lines/1',
      headers: { 'idempotency-key': 'remove-1' },
    });
    expect(removed.json().cart.lines).toEqual([]);

    await harness.restart();
    const replay = await add(b, { productId: 1, quantity: 2 }, 'before-restart');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // The replay is the first answer (the line with 2), not the cart as it is now: nothing was added again.
    expect(replay.json().cart.itemCount).toBe(2);
    expect((await b.request({ url: '/api/cart' })).json().cart.lines).toEqual([]);
    const removedAgain = await b.request({
      method: 'DELETE',
      url: '/api/cart/lines/1',
      headers: { 'idempotency-key': 'remove-1' },
    });
    expect(removedAgain.headers['idempotent-replayed']).toBe('true');
    expect(harness.cart.ledger).toMatchObject({ effects: 2, replays: 2 });
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_USE while the first request with the key runs', async () => {
    const { browser, cart } = await setUp();
    const b = browser();
    await add(b, { productId: 1, quantity: 1 });
    const open = cart.faults.hold('PUT /cart/lines/:productId');
    const patch = { method: 'PATCH' as const, url: '/api/cart/lines/1', body: { quantity: 3 } };
    const first = b.request({ ...patch, headers: { 'idempotency-key': 'set-3' } });
    await vi.waitFor(() => expect(cart.count('PUT', '/cart/lines/1')).toBe(2));
    const second = await b.request({ ...patch, headers: { 'idempotency-key': 'set-3' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    open();
    expect((await first).statusCode).toBe(200);
    const third = await b.request({ ...patch, headers: { 'idempotency-key': 'set-3' } });
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.json().cart.lines[0].quantity).toBe(3);
    expect(cart.count('PUT', '/cart/lines/1')).toBe(3);
  });

  it('retries a keyed write whose answer was lost to a reset: the service replays, the cart changes once', async () => {
    const { browser, cart } = await setUp({ cartResilience: { retryAttempts: 1 } });
    const b = browser();
    cart.faults.set('PUT /cart/lines/:productId', 'reset-after', 1);
    const response = await add(b, { productId: 1, quantity: 1 }, 'lost-answer');
    expect(response.statusCode).toBe(200);
    // The shopper's one request: the change was made by the first attempt, the retry got its stored answer.
    expect(response.headers['idempotent-replayed']).toBe('true');
    expect(response.json().cart.itemCount).toBe(1);
    expect(cart.count('PUT', '/cart/lines/1')).toBe(2);
    expect(cart.ledger).toMatchObject({ effects: 1, replays: 1 });

    // Without a key a write is never repeated: its answer is lost, 503, and the cart changed once all the same.
    cart.faults.set('PUT /cart/lines/:productId', 'reset-after', 1);
    const unkeyed = await add(b, { productId: 1, quantity: 1 });
    expect(unkeyed.statusCode).toBe(503);
    expect(cart.count('PUT', '/cart/lines/1')).toBe(3);
    expect((await b.request({ url: '/api/cart' })).json().cart.itemCount).toBe(2);
  });
});

describe('Idempotency-Key on account writes', () => {
  it('replays a profile update from the account service after a BFF restart; 422 for another body', async () => {
    const harness = await setUp();
    const b = harness.browser();
    await signUp(b, 'signup-1');
    const put = (name: string) =>
      b.request({
        method: 'PUT',
        url: '/api/account/profile',
        body: { name, shippingAddress: null },
        headers: { 'idempotency-key': 'profile-1' },
      });
    expect((await put('First')).json().profile.name).toBe('First');
    await harness.restart();
    const replay = await put('First');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await put('Second')).json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(harness.account.users[0]?.name).toBe('First');
  });

  it('replays a sign-up (and signs in again) for the same key; another password with it is 422', async () => {
    const harness = await setUp();
    const first = await signUp(harness.browser(), 'signup-2');
    expect(first.statusCode).toBe(201);
    await harness.restart();
    const again = harness.browser();
    const replay = await signUp(again, 'signup-2');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().user).toEqual(first.json().user);
    expect(again.cookies.has('sf_session')).toBe(true);
    expect(harness.account.users).toHaveLength(1);

    const other = await signUp(harness.browser(), 'signup-2', 'another-long-password');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
