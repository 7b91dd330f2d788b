import { afterEach, describe, expect, it } from 'vitest';
import { type Browser, type Harness, startHarness } from '../test-support/shopper-harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setUp(options?: Parameters<typeof startHarness>[0]): Promise<Harness> {
  h = await startHarness(options);
  return h;
}

const PASSWORD = 'correct-horse-battery';

async function signUp(browser: Browser, email: string, password = PASSWORD) {
  return browser.request({
    method: 'POST',
    url: '/api/account/signup',
    body: { email, password, name: email.split('@')[0] },
  });
}

async function add(
  browser: Browser,
  productId: number,
  quantity: number,
  headers: Record<string, string> = {},
) {
  return browser.request({ method: 'POST', url: '/api/cart/lines', body: { productId, quantity }, headers });
}

/** A Set-Cookie line as its name, value and attributes (sorted: their order means nothing). */
function cookieOf(line: string | undefined): { name: string; value: string; attributes: string[] } {
  const [pair = '', ...attributes] = (line ?? '').split('; ');
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes: attributes.sort() };
}

describe('cookies set by the BFF', () => {
  it('sets sf_cart on the first cart write: HttpOnly, SameSite=Lax, Path=/, 30 days, no Secure over http', async () => {
    const { browser } = await setUp();
    const b = browser();
    const response = await add(b, 1, 1);
    expect(response.statusCode).toBe(200);
    const cookie = cookieOf(String(response.headers['set-cookie']));
    expect(cookie.name).toBe('sf_cart');
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(cookie.attributes).toEqual(['HttpOnly', 'Max-Age=2592000', 'Path=/', 'SameSite=Lax']);
    // Second write: the cookie is already there, nothing set.
    const again = await add(b, 1, 1);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('adds Secure and the __Host- prefix when the proxy says the browser came over https', async () => {
    const { browser } = await setUp();
    const b = browser();
    const response = await add(b, 1, 1, { 'x-forwarded-proto': 'https' });
    expect(cookieOf(String(response.headers['set-cookie'])).name).toBe('__Host-sf_cart');
    expect(cookieOf(String(response.headers['set-cookie'])).attributes).toEqual([
      'HttpOnly',
      'Max-Age=2592000',
      'Path=/',
      'SameSite=Lax',
      'Secure',
    ]);
    const signup = await b.request({
      method: 'POST',
      url: '/api/account/signup',
      body: { email: 'sec@example.com', password: PASSWORD, name: 'Sec' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    const cookies = signup.headers['set-cookie'] as string[];
    const session = cookieOf(cookies.find((c) => c.startsWith('__Host-sf_session=')));
    expect(session.value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(session.attributes).toEqual([
      'HttpOnly',
      expect.stringMatching(/^Max-Age=\d+$/),
      'Path=/',
      'SameSite=Lax',
      'Secure',
    ]);
    const maxAge = Number(session.attributes[1]?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
    // The anonymous cart was merged: its cookie is cleared.
    expect(cookieOf(cookies.find((c) => c.startsWith('__Host-sf_cart=')))).toEqual({
      name: '__Host-sf_cart',
      value: '',
      attributes: ['HttpOnly', 'Max-Age=0', 'Path=/', 'SameSite=Lax', 'Secure'],
    });
  });
});

describe('the journey: anonymous cart, sign-up, merged cart', () => {
  it('keeps the anonymous cart through sign-up and shows it with imageUrl', async () => {
    const { browser, cart, account } = await setUp();
    const b = browser();
    expect((await b.request({ url: '/api/cart' })).json().cart).toEqual({
      lines: [],
      itemCount: 0,
      subtotalCents: 0,
      currency: 'EUR',
    });
    expect(cart.hits).toEqual([]); // nobody known yet: no call at all

    await add(b, 1, 2);
    const anonymous = (await b.request({ url: '/api/cart' })).json();
    expect(anonymous.cart.itemCount).toBe(2);
    expect(anonymous.meta).toEqual({ requestId: expect.any(String), degraded: null });

    const signup = await signUp(b, 'ada@example.com');
    expect(signup.statusCode).toBe(201);
    expect(signup.json()).toEqual({
      user: { id: 1, email: 'ada@example.com', name: 'ada' },
      meta: { requestId: expect.any(String) },
    });
    expect(b.cookies.has('sf_session')).toBe(true);
    expect(b.cookies.has('sf_cart')).toBe(false);
    expect(cart.count('POST', '/cart/merge')).toBe(1);

    const merged = await b.request({ url: '/api/cart' });
    expect(merged.json().cart).toEqual({
      lines: [
        {
          productId: 1,
          name: 'Product 1',
          slug: 'desk-lamp',
          imageUrl: '/api/catalog/images/desk-lamp.svg',
          unitPriceCents: 1001,
          currency: 'EUR',
          quantity: 2,
          lineTotalCents: 2002,
        },
      ],
      itemCount: 2,
      subtotalCents: 2002,
      currency: 'EUR',
    });
    expect(cart.hits.at(-1)).toMatchObject({ url: '/cart', userId: '1', anonymousCart: undefined });

    const me = await b.request({ url: '/api/account/me' });
    expect(me.json()).toEqual({
      user: { id: 1, email: 'ada@example.com', name: 'ada' },
      meta: { requestId: expect.any(String), degraded: null },
    });

    const signout = await b.request({ method: 'POST', url: '/api/account/signout' });
    expect(signout.json()).toEqual({ user: null, meta: { requestId: expect.any(String) } });
    expect(b.cookies.has('sf_session')).toBe(false);
    expect([...account.sessions.values()][0]?.revoked).toBe(true);
    expect((await b.request({ url: '/api/account/me' })).json().user).toBeNull();
  });

  it('signs in, answers 401 INVALID_CREDENTIALS for a wrong password and 409 EMAIL_TAKEN twice', async () => {
    const { browser } = await setUp();
    await signUp(browser(), 'bob@example.com');
    const b = browser();
    const wrong = await b.request({
      method: 'POST',
      url: '/api/account/signin',
      body: { email: 'bob@example.com', password: 'not-the-password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(b.cookies.size).toBe(0);
    const ok = await b.request({
      method: 'POST',
      url: '/api/account/signin',
      body: { email: 'bob@example.com', password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.email).toBe('bob@example.com');
    expect((await signUp(browser(), 'bob@example.com')).json().error.code).toBe('EMAIL_TAKEN');
  });

  it('keeps sf_cart when the merge fails and merges on the next cart read', async () => {
    const { browser, cart, logs } = await setUp();
    const b = browser();
    await add(b, 2, 1);
    cart.faults.set('POST /cart/merge', 'fail');
    const signup = await signUp(b, 'cy@example.com');
    expect(signup.statusCode).toBe(201);
    expect(b.cookies.has('sf_cart')).toBe(true);
    expect(logs.some((line) => line.includes('"msg":"cart merge pending"'))).toBe(true);

    cart.faults.clear('POST /cart/merge');
    const read = await b.request({ url: '/api/cart' });
    expect(read.json().cart.lines.map((l: { productId: number }) => l.productId)).toEqual([2]);
    expect(b.cookies.has('sf_cart')).toBe(false);
    expect(cart.count('POST', '/cart/merge')).toBe(2);
  });

  it('validates bodies with coded 400s', async () => {
    const { browser, catalog } = await setUp();
    const b = browser();
    for (const body of [{ productId: 1 }, { productId: 'x', quantity: 1 }, { productId: 1, quantity: 0 }]) {
      const response = await b.request({ method: 'POST', url: '/api/cart/lines', body });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('INVALID_REQUEST');
    }
    const short = await signUp(b, 'x@example.com', 'short');
    expect(short.json().error.code).toBe('INVALID_REQUEST');
    expect((await add(b, 999, 1)).json().error.code).toBe('PRODUCT_NOT_FOUND');
    catalog.stock.set(2, 0);
    expect((await add(b, 2, 1)).json().error.code).toBe('INSUFFICIENT_STOCK');
  });

  it('updates and removes lines, and the profile', async () => {
    const { browser } = await setUp();
    const b = browser();
    await add(b, 1, 1);
    const set = await b.request({ method: 'PATCH', url: '/api/cart/lines/1', body: { quantity: 9 } });
    expect(set.json().cart.lines[0].quantity).toBe(5); // capped by the stock snapshot
    const removed = await b.request({ method: 'DELETE', url: '/api/cart/lines/1' });
    expect(removed.json().cart.lines).toEqual([]);

    expect((await b.request({ url: '/api/account/profile' })).json().error.code).toBe('AUTH_REQUIRED');
    await signUp(b, 'dee@example.com');
    const address = { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' };
    const put = await b.request({
      method: 'PUT',
      url: '/api/account/profile',
      body: { name: 'Dee', shippingAddress: address },
    });
    expect(put.json().profile).toEqual({
      userId: 1,
      email: 'dee@example.com',
      name: 'Dee',
      shippingAddress: address,
    });
    const bad = await b.request({
      method: 'PUT',
      url: '/api/account/profile',
      body: { name: 'Dee', shippingAddress: { ...address, country: 'France' } },
    });
    expect(bad.json().error.code).toBe('INVALID_REQUEST');
  });
});

describe('identity isolation', () => {
  it('never shows one shopper another’s cart or orders, and ignores forged identity headers', async () => {
    const { browser, cart } = await setUp();
    const a = browser();
    await add(a, 1, 1);
    await signUp(a, 'a@example.com');
    const checkout = await a.request({
      method: 'POST',
      url: '/api/checkout',
      headers: { 'idempotency-key': 'a-1' },
    });
    expect(checkout.statusCode).toBe(201);
    const orderId = checkout.json().order.id;
    await add(a, 2, 1);

    const b = browser();
    await signUp(b, 'b@example.com');
    expect((await b.request({ url: '/api/cart' })).json().cart.lines).toEqual([]);
    expect((await b.request({ url: '/api/orders' })).json().orders).toEqual([]);
    const stolen = await b.request({ url: `/api/orders/${orderId}` });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().error.code).toBe('ORDER_NOT_FOUND');
    expect((await a.request({ url: `/api/orders/${orderId}` })).json().order.id).toBe(orderId);

    // Forged trusted headers from the browser are dropped: B still only sees B.
    const forged = await b.request({ url: '/api/cart', headers: { 'x-user-id': '1' } });
    expect(forged.json().cart.lines).toEqual([]);
    expect(cart.hits.at(-1)).toMatchObject({ url: '/cart', userId: '2' });
    const anonymous = browser();
    const forgedAnon = await anonymous.request({
      url: '/api/orders',
      headers: { 'x-user-id': '1', 'x-anonymous-cart': 'whatever' },
    });
    expect(forgedAnon.statusCode).toBe(401);
    expect(forgedAnon.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('treats an unknown or revoked session as anonymous and clears the cookie', async () => {
    const { browser } = await setUp();
    const b = browser();
    b.cookies.set('sf_session', 'A'.repeat(43));
    const me = await b.request({ url: '/api/account/me' });
    expect(me.json().user).toBeNull();
    expect(cookieOf(String(me.headers['set-cookie']))).toEqual({
      name: 'sf_session',
      value: '',
      attributes: ['HttpOnly', 'Max-Age=0', 'Path=/', 'SameSite=Lax'],
    });
    b.cookies.set('sf_session', 'A'.repeat(43));
    const orders = await b.request({ url: '/api/orders' });
    expect(orders.statusCode).toBe(401);
    expect(b.cookies.has('sf_session')).toBe(false);
  });
});

describe('degraded and unavailable upstreams', () => {
  it('keeps the anonymous cart working while the account service is down', async () => {
    const { browser, account } = await setUp();
    const b = browser();
    await add(b, 1, 1);
    await signUp(b, 'eve@example.com');
    // A signed-in shopper with a pending merge keeps sf_cart; make one who has both cookies.
    const c = browser();
    await add(c, 2, 1);
    c.cookies.set('sf_session', b.cookies.get('sf_session') ?? '');
    expect((await b.request({ url: '/api/account/me' })).json().meta.degraded).toBeNull();
    const status = await b.request({ url: '/api/account/status' });
    expect(status.statusCode).toBe(200);
    expect(status.json().available).toBe(true);
    await account.close();

    // The sign-in page can tell before asking for a password.
    const down = await browser().request({ url: '/api/account/status' });
    expect(down.statusCode).toBe(503);
    expect(down.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'account' });

    const cartRead = await c.request({ url: '/api/cart' });
    expect(cartRead.statusCode).toBe(200);
    expect(cartRead.json().cart.lines.map((l: { productId: number }) => l.productId)).toEqual([2]);
    expect((await add(c, 2, 1)).json().cart.itemCount).toBe(2);
    const anonymous = browser();
    expect((await add(anonymous, 1, 1)).statusCode).toBe(200);
    expect((await anonymous.request({ url: '/api/cart' })).json().cart.itemCount).toBe(1);

    // Without sf_cart, a signed-in shopper's cart needs the account service: 503 naming it.
    const signedIn = await b.request({ url: '/api/cart' });
    expect(signedIn.statusCode).toBe(503);
    expect(signedIn.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'account' });
    expect(signedIn.headers['retry-after']).toBeDefined();
    const orders = await b.request({ url: '/api/orders' });
    expect(orders.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'account' });

    // /me has a saved copy for this session (and only this one).
    const me = await b.request({ url: '/api/account/me' });
    expect(me.statusCode).toBe(200);
    expect(me.headers['storefront-degraded']).toMatch(/^account; reason=upstream-error$/);
    expect(me.json().user.email).toBe('eve@example.com');
    const other = browser();
    other.cookies.set('sf_session', 'B'.repeat(43));
    expect((await other.request({ url: '/api/account/me' })).statusCode).toBe(503);
  });

  it('answers a degraded cart read from the caller’s own saved copy, never another’s', async () => {
    const { browser, cart } = await setUp();
    const a = browser();
    await add(a, 1, 1);
    await signUp(a, 'a@example.com');
    const b = browser();
    await signUp(b, 'b@example.com');
    await add(b, 2, 3);
    expect((await a.request({ url: '/api/cart' })).json().cart.itemCount).toBe(1);
    expect((await b.request({ url: '/api/cart' })).json().cart.itemCount).toBe(3);

    cart.mode = 'fail';
    const degradedA = await a.request({ url: '/api/cart' });
    expect(degradedA.statusCode).toBe(200);
    expect(degradedA.headers['storefront-degraded']).toBe('cart; reason=upstream-error');
    expect(degradedA.json().cart.lines.map((l: { productId: number }) => l.productId)).toEqual([1]);
    expect(degradedA.json().meta.degraded).toMatchObject({ service: 'cart', reason: 'upstream-error' });
    const degradedB = await b.request({ url: '/api/cart' });
    expect(degradedB.json().cart.lines.map((l: { productId: number }) => l.productId)).toEqual([2]);

    // A third shopper never read their cart live: no copy, 503.
    const c = browser();
    await signUp(c, 'c@example.com');
    const none = await c.request({ url: '/api/cart' });
    expect(none.statusCode).toBe(503);
    expect(none.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'cart' });

    // Writes never fall back: 503.
    expect((await add(a, 1, 1)).statusCode).toBe(503);
  });

  it('answers 503 for an add when the catalog cannot price the line (no saved copy used)', async () => {
    const { browser, catalog } = await setUp();
    const b = browser();
    expect((await b.request({ url: '/api/catalog/products/1' })).statusCode).toBe(200);
    catalog.mode = 'fail';
    const response = await add(b, 1, 1);
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'catalog' });
  });

  it('reports cart and account on /api/resilience and /metrics', async () => {
    const { app } = await setUp();
    const resilience = (await app.inject('/api/resilience')).json();
    expect(resilience.upstreams.map((u: { name: string }) => u.name)).toEqual([
      'catalog',
      'cart',
      'account',
      'account-password',
    ]);
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toContain('bff_circuitbreaker_state{upstream="cart",state="closed",replica="bff"} 1');
    expect(metrics).toContain('bff_circuitbreaker_state{upstream="account",state="closed",replica="bff"} 1');
  });
});

describe('logs', () => {
  it('never contain a password, a session token or a cookie value across the whole journey', async () => {
    const { browser, logs, cart } = await setUp();
    const b = browser();
    await add(b, 1, 2, { 'x-request-id': 'journey-1' });
    const cartId = b.cookies.get('sf_cart') ?? '';
    cart.faults.set('POST /cart/merge', 'fail');
    await signUp(b, 'logs@example.com');
    cart.faults.clear('POST /cart/merge');
    const token = b.cookies.get('sf_session') ?? '';
    await b.request({ url: '/api/cart' });
    await b.request({ url: '/api/account/me' });
    await b.request({ method: 'POST', url: '/api/checkout', headers: { 'idempotency-key': 'k-1' } });
    await b.request({ method: 'POST', url: '/api/account/signout' });
    await b.request({
      method: 'POST',
      url: '/api/account/signin',
      body: { email: 'logs@example.com', password: 'wrong-password!' },
    });
    await b.request({
      method: 'POST',
      url: '/api/account/signin',
      body: { email: 'logs@example.com', password: PASSWORD },
    });
    const token2 = b.cookies.get('sf_session') ?? '';

    expect(cartId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(token.length).toBeGreaterThan(20);
    expect(token2.length).toBeGreaterThan(20);
    expect(logs.length).toBeGreaterThan(20);
    const all = logs.join('\n');
    for (const secret of [PASSWORD, 'wrong-password!', token, token2, cartId]) {
      expect(all.includes(secret), `a log line contains ${secret.slice(0, 4)}…`).toBe(false);
    }
    expect(all).toContain('"msg":"checkout step"');
  });
});
