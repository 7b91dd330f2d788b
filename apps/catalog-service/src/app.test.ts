import { json, signed, TEST_SERVICE_SECRET, type TestApp } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { catalogDbPath, startCatalog } from './testing/catalog-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

interface ErrorBody {
  error: { code: string; message: string };
  meta: { requestId: string; traceId?: string };
}

describe('app (inject)', () => {
  let started: TestApp;

  beforeAll(async () => {
    started = await startCatalog();
  });

  afterAll(async () => {
    await started.close();
  });

  it('answers /health after querying the database', async () => {
    const response = await started.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ status: 'ok', service: 'catalog' });
  });

  it('echoes an incoming x-request-id', async () => {
    const response = await started.app.inject({
      method: 'GET',
      url: '/categories',
      headers: { 'x-request-id': 'bff-req-42' },
    });
    expect(response.headers['x-request-id']).toBe('bff-req-42');
  });

  it('generates a UUID request id when none is sent, also on errors', async () => {
    const ok = await started.app.inject({ method: 'GET', url: '/health' });
    expect(ok.headers['x-request-id']).toMatch(UUID);
    const notFound = await started.app.inject({ method: 'GET', url: '/nowhere' });
    expect(notFound.headers['x-request-id']).toMatch(UUID);
    const invalid = await started.app.inject({ method: 'GET', url: '/products?sort=up' });
    expect(invalid.headers['x-request-id']).toMatch(UUID);
    expect(ok.headers['x-request-id']).not.toBe(notFound.headers['x-request-id']);
  });

  it('answers unknown routes with 404 NOT_FOUND and other methods on a known path with 405', async () => {
    for (const [method, url] of [
      ['POST', '/products'],
      ['DELETE', '/products/1'],
    ] as const) {
      // Signed as the BFF would: an unsigned write is refused before routing (see below).
      const response = await started.app.inject(signed({ method, url }));
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
    const nowhere = await started.app.inject({ url: '/nowhere' });
    expect(json<ErrorBody>(nowhere)).toEqual({
      error: { code: 'NOT_FOUND', message: 'Route GET /nowhere not found' },
      meta: { requestId: nowhere.headers['x-request-id'], traceId: TRACE_ID },
    });
  });

  it('refuses writes without the BFF credential with 401 UNTRUSTED_CALLER, reads stay public', async () => {
    const body = { reservationId: 'untrusted-1', lines: [{ productId: 1, quantity: 1 }] };
    for (const request of [
      { method: 'POST' as const, url: '/stock/reservations' },
      { method: 'POST' as const, url: '/stock/reservations/untrusted-1/commit' },
      { method: 'DELETE' as const, url: '/stock/reservations/untrusted-1' },
      // A credential for another path does not carry over.
      { ...signed({ method: 'POST', url: '/stock/reservations/other/commit' }), url: '/stock/reservations' },
    ]) {
      const response = await started.app.inject({ ...request, payload: body });
      expect(response.statusCode).toBe(401);
      expect(json<ErrorBody>(response).error.code).toBe('UNTRUSTED_CALLER');
    }
    const products = await started.app.inject({ method: 'GET', url: '/products?pageSize=1' });
    expect(products.statusCode).toBe(200);
    const reserved = await started.app.inject({
      ...signed({ method: 'POST', url: '/stock/reservations' }),
      payload: body,
    });
    expect(reserved.statusCode).toBe(201);
  });

  it('answers a malformed URL with 400 INVALID_URL', async () => {
    const response = await started.app.inject({ method: 'GET', url: '/products/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error.code).toBe('INVALID_URL');
    expect(response.headers['x-request-id']).toBeDefined();
    expect(json<ErrorBody>(response).meta.requestId).toBe(response.headers['x-request-id']);
  });
});

it('answers /health with 503 DB_UNAVAILABLE when the database is gone', async () => {
  const temp = catalogDbPath();
  const app = build({ dbPath: temp.dbPath, serviceSecret: TEST_SERVICE_SECRET });
  try {
    await app.ready();
    app.db.sqlite.close();
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(json<ErrorBody>(response).error.code).toBe('DB_UNAVAILABLE');

    const products = await app.inject({ method: 'GET', url: '/products' });
    expect(products.statusCode).toBe(500);
    expect(json<ErrorBody>(products)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
      meta: { requestId: products.headers['x-request-id'], traceId: TRACE_ID },
    });
  } finally {
    await app.close();
    temp.cleanup();
  }
});

it('serves real HTTP when listening on a free port', async () => {
  const temp = catalogDbPath();
  const app = build({ dbPath: temp.dbPath, serviceSecret: TEST_SERVICE_SECRET });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
    const base = `http://127.0.0.1:${address.port}`;

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', service: 'catalog' });

    const products = await fetch(`${base}/products?category=books&sort=price-asc&pageSize=2`, {
      headers: { 'x-request-id': 'over-the-wire' },
    });
    expect(products.status).toBe(200);
    expect(products.headers.get('x-request-id')).toBe('over-the-wire');
    const body = (await products.json()) as { items: Array<{ category: string }>; total: number };
    expect(body.items).toHaveLength(2);
    expect(body.total).toBe(6);
    expect(body.items.every((p) => p.category === 'books')).toBe(true);

    const image = await fetch(`${base}/images/slow-bread.svg`);
    expect(image.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await image.text()).toContain('Slow Bread: A Baker&apos;s Year');
  } finally {
    await app.close();
    temp.cleanup();
  }
});
