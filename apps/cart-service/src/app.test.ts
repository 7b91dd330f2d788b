import { join } from 'node:path';
import { json, signed, TEST_SERVICE_SECRET, type TestApp, tempDir } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { startCart } from './testing/cart-app.js';
import { type CartBody, type ErrorBody, snapshot } from './testing/fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

describe('app (inject)', () => {
  let started: TestApp;

  beforeAll(async () => {
    started = await startCart();
  });

  afterAll(async () => {
    await started.close();
  });

  it('answers /health without an identity', async () => {
    const response = await started.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ status: 'ok', service: 'cart' });
  });

  it('opens the database in WAL mode', () => {
    expect(started.app.db.journalMode()).toBe('wal');
  });

  it('echoes x-request-id, or generates a UUID, also on errors', async () => {
    const echoed = await started.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bff-1' },
    });
    expect(echoed.headers['x-request-id']).toBe('bff-1');
    const generated = await started.app.inject({ method: 'GET', url: '/cart' });
    expect(generated.statusCode).toBe(401);
    expect(generated.headers['x-request-id']).toMatch(UUID);
  });

  it('answers unknown routes with 404 NOT_FOUND and other methods on a known path with 405', async () => {
    for (const [method, url] of [
      ['POST', '/cart'],
      ['PATCH', '/cart/lines/1'],
      ['DELETE', '/orders/1'],
    ] as const) {
      const response = await started.app.inject(signed({ method, url, headers: { 'x-user-id': '1' } }));
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      expect(response.headers.allow).toEqual(expect.any(String));
      expect(json<ErrorBody>(response)).toEqual({
        error: {
          code: 'METHOD_NOT_ALLOWED',
          message: expect.stringContaining(`Method ${method} is not allowed`),
        },
        meta: { requestId: response.headers['x-request-id'], traceId: TRACE_ID },
      });
    }
    const nowhere = await started.app.inject(signed({ method: 'GET', url: '/nowhere' }));
    expect(json<ErrorBody>(nowhere)).toEqual({
      error: { code: 'NOT_FOUND', message: 'Route GET /nowhere not found' },
      meta: { requestId: nowhere.headers['x-request-id'], traceId: TRACE_ID },
    });
  });

  it('answers a malformed URL with 400 INVALID_URL', async () => {
    const response = await started.app.inject({ method: 'GET', url: '/orders/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error.code).toBe('INVALID_URL');
    expect(json<ErrorBody>(response).meta.requestId).toBe(response.headers['x-request-id']);
  });
});

it('answers /health with 503 DB_UNAVAILABLE and other routes with 500 INTERNAL_ERROR when the db is gone', async () => {
  const temp = tempDir('cart-service');
  const app = build({ dbPath: join(temp.dir, 'cart.db'), serviceSecret: TEST_SERVICE_SECRET });
  try {
    await app.ready();
    app.db.sqlite.close();
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(json<ErrorBody>(health).error.code).toBe('DB_UNAVAILABLE');
    const cart = await app.inject(signed({ method: 'GET', url: '/cart', headers: { 'x-user-id': '1' } }));
    expect(cart.statusCode).toBe(500);
    expect(json<ErrorBody>(cart)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
      meta: { requestId: cart.headers['x-request-id'], traceId: TRACE_ID },
    });
  } finally {
    await app.close();
    temp.cleanup();
  }
});

it('keeps carts across a restart on the same file', async () => {
  const temp = tempDir('cart-service');
  const dbPath = join(temp.dir, 'cart.db');
  try {
    const first = build({ dbPath, serviceSecret: TEST_SERVICE_SECRET });
    await first.inject({
      ...signed({ method: 'PUT', url: '/cart/lines/3', headers: { 'x-user-id': '4' } }),
      payload: { quantity: 2, mode: 'add', snapshot: snapshot() },
    });
    await first.close();
    const second = build({ dbPath, serviceSecret: TEST_SERVICE_SECRET });
    const response = await second.inject(
      signed({ method: 'GET', url: '/cart', headers: { 'x-user-id': '4' } }),
    );
    expect(json<CartBody>(response).cart).toMatchObject({ itemCount: 2, version: 1 });
    await second.close();
  } finally {
    temp.cleanup();
  }
});

it('serves a real port: add to cart over HTTP and read it back', async () => {
  const started = await startCart();
  try {
    const address = await started.app.listen({ port: 0, host: '127.0.0.1' });
    const health = await fetch(`${address}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', service: 'cart' });

    const headers = { 'content-type': 'application/json', 'x-anonymous-cart': 'realPortCart_0123456789' };
    const body = JSON.stringify({ quantity: 3, mode: 'add', snapshot: snapshot({ stock: 2 }) });
    const unsigned = await fetch(`${address}/cart/lines/5`, { method: 'PUT', headers, body });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as ErrorBody).error.code).toBe('UNTRUSTED_CALLER');

    const put = await fetch(`${address}/cart/lines/5`, {
      ...signed({ method: 'PUT', url: '/cart/lines/5', headers }),
      body,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('x-request-id')).toBeTruthy();
    const cart = (await (
      await fetch(`${address}/cart`, signed({ url: '/cart', headers }))
    ).json()) as CartBody;
    expect(cart.cart.lines[0]?.quantity).toBe(2);
  } finally {
    await started.close();
  }
});
