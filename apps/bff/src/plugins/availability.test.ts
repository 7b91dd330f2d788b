import type { Availability, ResilienceAnswer } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCatalog, startFakeCatalog } from '../test-support/fake-catalog.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';

let fake: FakeCatalog | undefined;
const apps: FastifyInstance[] = [];

function bff(catalogUrl: string, replica: { id: string; peers: string[] }): FastifyInstance {
  // The cart and account stay dead: never called by these tests.
  const app = buildOfflineBff({
    replica,
    upstreams: {
      catalog: {
        baseUrl: catalogUrl,
        // A generous timeout: a loaded machine must not turn the first (cold) call into a timeout and a retry.
        resilience: {
          retryAttempts: 2,
          breakerThreshold: 3,
          retryInitialDelayMs: 5,
          retryMaxDelayMs: 20,
          timeoutMs: 10_000,
        },
      },
    },
  });
  apps.push(app);
  return app;
}

async function availabilityOf(app: FastifyInstance, scope?: 'local'): Promise<Availability | undefined> {
  const res = await app.inject(`/api/resilience${scope ? `?scope=${scope}` : ''}`);
  expect(res.statusCode).toBe(200);
  return res.json<ResilienceAnswer>().availability;
}

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await fake?.close();
  fake = undefined;
});

describe('availability in /api/resilience and the ops snapshot', () => {
  it('counts upstream calls and the shopper’s page reads: live, saved copy, failed; 4xx and ops reads left out', async () => {
    fake = await startFakeCatalog();
    const app = bff(fake.url, { id: 'bff-1', peers: [] });
    await app.ready();

    expect((await app.inject('/api/catalog/products')).statusCode).toBe(200);
    // The shopper's own 404 is a correct answer, not an outage: the call counts, the page read does not.
    expect((await app.inject('/api/catalog/products/no-such-thing')).statusCode).toBe(404);
    fake.mode = 'fail';
    // 3 failed attempts, then the saved copy; then the open breaker answers from the copy, then a 503.
    const saved = await app.inject('/api/catalog/products');
    expect(saved.headers['storefront-degraded']).toBe('catalog; reason=upstream-error');
    const shortCircuited = await app.inject('/api/catalog/products?page=1');
    expect(shortCircuited.headers['storefront-degraded']).toBe('catalog; reason=circuit-open');
    expect((await app.inject('/api/catalog/products?q=never-seen')).statusCode).toBe(503);
    // Not page reads: these must not move the figures.
    await app.inject('/health');
    await app.inject('/api/openapi.json');

    const figures = await availabilityOf(app);
    expect(figures?.replicas).toEqual(['bff-1']);
    // Asked 7 times (live, the 404 answer, 3 failures, 2 short-circuits): 2 live answers.
    expect(figures?.upstreams.find((upstream) => upstream.name === 'catalog')).toEqual({
      name: 'catalog',
      calls: 7,
      successful: 2,
      availability: 2 / 7,
    });
    expect(figures?.upstreams.find((upstream) => upstream.name === 'cart')?.availability).toBeNull();
    // Cart and account were never asked: no naive product to show.
    expect(figures?.naivePage).toBeNull();
    expect(figures?.pageReads).toEqual({ total: 4, live: 1, saved: 2 });
    expect(figures?.shopperSeen).toBe(0.75);
    expect(figures?.liveOnly).toBe(0.25);

    // The ops stream's snapshot carries the same figures.
    const snapshot = await app.opsStream.snapshot();
    expect(snapshot.availability).toEqual(figures);
  });

  it('sums every replica’s counts (BFF_PEERS) before dividing', async () => {
    fake = await startFakeCatalog();
    const peer = bff(fake.url, { id: 'bff-2', peers: [] });
    await peer.listen({ port: 0, host: '127.0.0.1' });
    const address = peer.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const app = bff(fake.url, { id: 'bff-1', peers: [`http://127.0.0.1:${address.port}`] });
    await app.ready();

    for (let i = 0; i < 3; i++) await app.inject('/api/catalog/products');
    await peer.inject('/api/catalog/products');

    expect((await availabilityOf(peer, 'local'))?.pageReads).toEqual({ total: 1, live: 1, saved: 0 });
    const merged = await availabilityOf(app);
    expect(merged?.replicas).toEqual(['bff-1', 'bff-2']);
    expect(merged?.pageReads).toEqual({ total: 4, live: 4, saved: 0 });
    expect(merged?.upstreams.find((upstream) => upstream.name === 'catalog')).toMatchObject({
      calls: 4,
      successful: 4,
      availability: 1,
    });
    expect((await app.opsStream.snapshot()).availability?.pageReads.total).toBe(4);
  });
});
