import type { UpstreamResilience } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResilienceConfig } from '../config.js';
import { type FakeCatalog, startFakeCatalog } from '../test-support/fake-catalog.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

let fake: FakeCatalog | undefined;
let app: FastifyInstance | undefined;

async function setUp(
  resilience: Partial<ResilienceConfig>,
): Promise<{ app: FastifyInstance; fake: FakeCatalog }> {
  fake = await startFakeCatalog();
  // The cart and account stay dead: never called by these tests.
  app = buildOfflineBff({
    upstreams: {
      catalog: {
        baseUrl: fake.url,
        // Short backoff keeps the suite fast; the policy is the same.
        resilience: { retryInitialDelayMs: 5, retryMaxDelayMs: 20, halfOpenAfterMs: 60_000, ...resilience },
      },
    },
  });
  await app.ready();
  return { app, fake };
}

async function catalogState(server: FastifyInstance): Promise<UpstreamResilience> {
  const body = (await server.inject('/api/resilience')).json<{ upstreams: UpstreamResilience[] }>();
  const catalog = body.upstreams.find((upstream) => upstream.name === 'catalog');
  if (!catalog) throw new Error('catalog missing from /api/resilience');
  return catalog;
}

afterEach(async () => {
  await app?.close();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

describe('degraded contract', () => {
  it('serves live data, then the saved copy when the catalog fails, then 503 for a request never seen', async () => {
    const { app, fake } = await setUp({ retryAttempts: 2, breakerThreshold: 3 });

    const live = await app.inject('/api/catalog/products?sort=price-asc');
    expect(live.statusCode).toBe(200);
    expect(live.headers['storefront-degraded']).toBeUndefined();
    const liveBody = live.json();
    expect(liveBody.meta).toEqual({ requestId: live.headers['x-request-id'], degraded: null });
    expect(liveBody).toMatchObject({ total: 2, page: 1, pageSize: 12 });
    expect(liveBody.items[0]).toEqual({
      id: 1,
      slug: 'desk-lamp',
      name: 'Product 1',
      description: 'About product 1',
      priceCents: 1001,
      currency: 'EUR',
      category: 'lamps',
      categoryName: 'Lamps',
      imageUrl: '/api/catalog/images/desk-lamp.svg',
      stock: 5,
      featured: false,
    });
    // Only known parameters, defaults applied, sorted.
    expect(fake.hits.at(-1)?.url).toBe('/products?page=1&pageSize=12&sort=price-asc');

    // The catalog fails: 1 attempt + 2 retries, the breaker opens, the saved copy answers.
    fake.mode = 'fail';
    const before = fake.hitsOn('/products');
    const degraded = await app.inject('/api/catalog/products?sort=price-asc');
    expect(fake.hitsOn('/products') - before).toBe(3);
    expect(degraded.statusCode).toBe(200);
    expect(degraded.headers['storefront-degraded']).toBe('catalog; reason=upstream-error');
    const degradedBody = degraded.json();
    expect(degradedBody.items).toEqual(liveBody.items);
    expect(degradedBody.meta).toEqual({
      requestId: degraded.headers['x-request-id'],
      degraded: {
        service: 'catalog',
        reason: 'upstream-error',
        savedAt: expect.stringMatching(ISO_DATE),
        retryAfterMs: expect.any(Number),
      },
    });
    expect(degradedBody.meta.degraded.retryAfterMs).toBeGreaterThan(0);

    // Open breaker: same request in another spelling, answered from the copy without reaching the catalog.
    const shortCircuited = await app.inject('/api/catalog/products?pageSize=12&page=1&sort=price-asc');
    expect(shortCircuited.statusCode).toBe(200);
    expect(shortCircuited.headers['storefront-degraded']).toBe('catalog; reason=circuit-open');
    expect(shortCircuited.json().meta.degraded).toMatchObject({ reason: 'circuit-open', service: 'catalog' });
    expect(fake.hitsOn('/products') - before).toBe(3);

    // Never seen: 503 with Retry-After and the documented body.
    const unavailable = await app.inject('/api/catalog/products?q=never-seen');
    expect(unavailable.statusCode).toBe(503);
    const body = unavailable.json();
    expect(body).toEqual({
      error: {
        code: 'UPSTREAM_UNAVAILABLE',
        message: 'catalog is unavailable',
        service: 'catalog',
        breaker: 'open',
        retryAfterMs: expect.any(Number),
      },
      meta: { requestId: unavailable.headers['x-request-id'], traceId: TRACE_ID },
    });
    expect(body.error.retryAfterMs).toBeGreaterThan(0);
    expect(body.error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(unavailable.headers['retry-after']).toBe(String(Math.ceil(body.error.retryAfterMs / 1000)));
    expect(fake.hitsOn('/products') - before).toBe(3);

    expect(await catalogState(app)).toMatchObject({
      state: 'open',
      counts: { successful: 1, failed: 3, retries: 2, notPermitted: 2, fallback: 2 },
      lastTransition: { from: 'closed', to: 'open', reason: '3 consecutive failures (last: HTTP 500)' },
    });
  });

  it('passes catalog 4xx through without retrying or opening the breaker', async () => {
    const { app, fake } = await setUp({ retryAttempts: 2, breakerThreshold: 2 });
    for (let i = 0; i < 5; i++) {
      const response = await app.inject('/api/catalog/products/no-such-thing');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        error: {
          code: 'PRODUCT_NOT_FOUND',
          message: 'No product "no-such-thing"',
          idOrSlug: 'no-such-thing',
        },
        meta: { requestId: response.headers['x-request-id'], traceId: TRACE_ID },
      });
    }
    expect(fake.hitsOn('/products/no-such-thing')).toBe(5);
    expect(await catalogState(app)).toMatchObject({ state: 'closed', counts: { failed: 0, retries: 0 } });

    const found = await app.inject('/api/catalog/products/desk-lamp');
    expect(found.statusCode).toBe(200);
    expect(found.json().product).toMatchObject({ id: 1, imageUrl: '/api/catalog/images/desk-lamp.svg' });
    expect(found.json().product).not.toHaveProperty('image');
  });

  it('times out a hung catalog: saved copy with reason timeout, or 503', async () => {
    const { app, fake } = await setUp({ timeoutMs: 250, retryAttempts: 1, breakerThreshold: 10 });
    const live = await app.inject('/api/catalog/categories');
    expect(live.json()).toMatchObject({
      items: [{ slug: 'lamps', productCount: 2 }],
      meta: { degraded: null },
    });

    fake.mode = 'hang';
    const before = fake.hitsOn('/categories');
    const degraded = await app.inject('/api/catalog/categories');
    expect(fake.hitsOn('/categories') - before).toBe(2);
    expect(degraded.statusCode).toBe(200);
    expect(degraded.headers['storefront-degraded']).toBe('catalog; reason=timeout');
    expect(degraded.json()).toMatchObject({
      items: [{ slug: 'lamps' }],
      meta: { degraded: { service: 'catalog', reason: 'timeout' } },
    });

    const unavailable = await app.inject('/api/catalog/products');
    expect(unavailable.statusCode).toBe(503);
    // Breaker still closed: the client is told to wait the minimum of one second.
    expect(unavailable.json().error).toMatchObject({ breaker: 'closed', retryAfterMs: 1000 });
    expect(unavailable.headers['retry-after']).toBe('1');
    expect(await catalogState(app)).toMatchObject({ state: 'closed', counts: { timeout: 4, retries: 2 } });
  });

  it('serves images live with a day of caching, and the saved copy once the catalog is gone', async () => {
    const { app, fake } = await setUp({ retryAttempts: 0, breakerThreshold: 2 });
    const live = await app.inject('/api/catalog/images/desk-lamp.svg');
    expect(live.statusCode).toBe(200);
    expect(live.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(live.headers['cache-control']).toBe('public, max-age=86400');
    expect(live.body).toContain('<title>desk-lamp.svg</title>');

    await fake.close();
    const saved = await app.inject('/api/catalog/images/desk-lamp.svg');
    expect(saved.statusCode).toBe(200);
    expect(saved.headers['storefront-degraded']).toBe('catalog; reason=upstream-error');
    expect(saved.headers['cache-control']).toBe('public, max-age=86400');
    expect(saved.body).toBe(live.body);

    const missing = await app.inject('/api/catalog/images/other-lamp.svg');
    expect(missing.statusCode).toBe(503);
    expect(missing.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', breaker: 'open' });
    expect((await catalogState(app)).lastTransition?.reason).toBe(
      '2 consecutive failures (last: network error (ECONNREFUSED))',
    );
  });

  it('comes back live after a successful half-open probe', async () => {
    const { app, fake } = await setUp({ retryAttempts: 0, breakerThreshold: 1, halfOpenAfterMs: 150 });
    await app.inject('/api/catalog/categories');
    fake.mode = 'fail';
    const degraded = await app.inject('/api/catalog/categories');
    expect(degraded.headers['storefront-degraded']).toBe('catalog; reason=upstream-error');
    expect((await catalogState(app)).state).toBe('open');

    fake.mode = 'ok';
    // Wait for the cooldown the BFF announced (an outcome check, not a timing assertion).
    const { retryAfterMs } = await catalogState(app);
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs + 20));
    const live = await app.inject('/api/catalog/categories');
    expect(live.statusCode).toBe(200);
    expect(live.headers['storefront-degraded']).toBeUndefined();
    expect(live.json().meta.degraded).toBeNull();
    expect(await catalogState(app)).toMatchObject({
      state: 'closed',
      lastTransition: { from: 'half-open', to: 'closed', reason: 'probe succeeded' },
    });
  });

  it('rejects requests beyond the bulkhead without counting them against the breaker', async () => {
    const { app, fake } = await setUp({
      timeoutMs: 300,
      retryAttempts: 0,
      breakerThreshold: 5,
      bulkheadLimit: 1,
      bulkheadQueue: 0,
    });
    fake.mode = 'hang';
    const first = app.inject('/api/catalog/products');
    while (fake.hitsOn('/products') === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await app.inject('/api/catalog/categories');
    expect(second.statusCode).toBe(503);
    expect(fake.hitsOn('/categories')).toBe(0);
    expect((await first).statusCode).toBe(503);
    expect(await catalogState(app)).toMatchObject({ state: 'closed', counts: { rejected: 1, timeout: 1 } });
  });
});
