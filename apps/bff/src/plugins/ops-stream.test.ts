import type { OpsSnapshot, OpsTransition } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ABUSE_LIMITS } from '../limits-config.js';
import { type FakeCatalog, startFakeCatalog } from '../test-support/fake-catalog.js';
import { type FakeFaultProxy, startFakeFaultProxy } from '../test-support/fake-fault-proxy.js';
import { buildOfflineBff, type OfflineBffOptions } from '../test-support/offline-bff.js';
import { openStream, type SseStream } from '../test-support/sse-client.js';

let fake: FakeCatalog;
let proxy: FakeFaultProxy | undefined;
let app: FastifyInstance;
let streams: SseStream[] = [];

async function start(extra: OfflineBffOptions = {}): Promise<string> {
  fake = await startFakeCatalog();
  app = buildOfflineBff({
    upstreams: {
      catalog: {
        baseUrl: fake.url,
        resilience: { retryAttempts: 0, breakerThreshold: 1, halfOpenAfterMs: 60_000 },
      },
    },
    // Short period: the tests wait for ticks, they never assert on their timing.
    opsStreamIntervalMs: 100,
    ...extra,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}/api/ops/stream`;
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const stream = await openStream(url, headers);
  streams.push(stream);
  return stream;
}

afterEach(async () => {
  for (const stream of streams) stream.close();
  streams = [];
  await app.close();
  await fake.close();
  await proxy?.close();
  proxy = undefined;
});

function catalogOf(snapshot: OpsSnapshot) {
  const catalog = snapshot.upstreams.find((u) => u.name === 'catalog');
  if (!catalog) throw new Error('no catalog in the snapshot');
  return catalog;
}

describe('GET /api/ops/stream', () => {
  it('streams snapshots with retry: 2000, and stops its timer and listeners when the client leaves', async () => {
    const url = await start();
    const listenersBefore = app.resilience.list().map((u) => u.listenerCount);
    expect(app.opsStream.ticking).toBe(false);

    const stream = await connect(url);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect(stream.headers['x-request-id']).toEqual(expect.any(String));

    const first = (await stream.next('snapshot')).data as OpsSnapshot;
    expect(stream.raw().startsWith('retry: 2000\n\n')).toBe(true);
    expect(Date.parse(first.at)).not.toBeNaN();
    expect(first.upstreams.map((u) => u.name)).toEqual(['catalog', 'cart', 'account', 'account-password']);
    expect(catalogOf(first)).toEqual({
      name: 'catalog',
      state: 'closed',
      retryAfterMs: 0,
      window: { seconds: 30, requests: 0, ratePerSec: 0, errorPercent: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 },
      counts: { successful: 0, failed: 0, timeout: 0, notPermitted: 0, rejected: 0, fallback: 0, retries: 0 },
      transitions: [],
      breaker: { kind: 'consecutive', threshold: 1 },
    });
    // Demo mode is off: no fault proxy.
    expect(first.faults).toEqual({ available: false, targets: [] });

    // The shared timer keeps sending.
    await stream.next('snapshot');
    expect(app.opsStream.clientCount).toBe(1);
    expect(app.opsStream.ticking).toBe(true);
    expect(app.resilience.list().map((u) => u.listenerCount)).toEqual(listenersBefore.map((n) => n + 1));

    stream.close();
    await vi.waitFor(() => expect(app.opsStream.clientCount).toBe(0));
    expect(app.opsStream.ticking).toBe(false);
    expect(app.resilience.list().map((u) => u.listenerCount)).toEqual(listenersBefore);
  });

  it('shares one timer between clients and runs it while any is connected', async () => {
    const url = await start();
    const a = await connect(url);
    const b = await connect(url);
    await a.next('snapshot');
    await b.next('snapshot');
    expect(app.opsStream.clientCount).toBe(2);
    a.close();
    await vi.waitFor(() => expect(app.opsStream.clientCount).toBe(1));
    expect(app.opsStream.ticking).toBe(true);
    await b.next('snapshot');
    b.close();
    await vi.waitFor(() => expect(app.opsStream.clientCount).toBe(0));
    expect(app.opsStream.ticking).toBe(false);
  });

  it('sends a transition event when a breaker opens, and the next snapshot shows it', async () => {
    const url = await start();
    const stream = await connect(url);
    await stream.next('snapshot');

    fake.mode = 'fail';
    expect((await app.inject('/api/catalog/categories')).statusCode).toBe(503);

    const transition = (await stream.next('transition')).data as OpsTransition;
    expect(transition).toEqual({
      upstream: 'catalog',
      from: 'closed',
      to: 'open',
      at: expect.any(String),
      reason: '1 consecutive failure (last: HTTP 500)',
    });
    const after = catalogOf((await stream.next('snapshot')).data as OpsSnapshot);
    expect(after.state).toBe('open');
    expect(after.retryAfterMs).toBeGreaterThan(0);
    expect(after.window).toMatchObject({ requests: 1, errorPercent: 100 });
    expect(after.counts).toMatchObject({ failed: 1 });
    expect(after.transitions).toEqual([transition].map(({ upstream: _upstream, ...rest }) => rest));
  });

  it('includes the fault proxy targets in demo mode, and available: false when it stops answering', async () => {
    proxy = await startFakeFaultProxy();
    const url = await start({ demoMode: true, faultProxyControlUrl: proxy.url });
    const stream = await connect(url);
    const first = (await stream.next('snapshot')).data as OpsSnapshot;
    expect(first.faults.available).toBe(true);
    expect(first.faults.targets).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'catalog', kind: 'service', fault: null })]),
    );

    await proxy.close();
    await vi.waitFor(
      async () => {
        const snapshot = (await stream.next('snapshot')).data as OpsSnapshot;
        expect(snapshot.faults).toEqual({ available: false, targets: [] });
      },
      { timeout: 5000 },
    );
  });

  it('ends open streams when the app closes', async () => {
    const url = await start();
    const stream = await connect(url);
    await stream.next('snapshot');
    await app.close();
    await stream.ended;
    expect(app.opsStream.clientCount).toBe(0);
    expect(app.opsStream.ticking).toBe(false);
  });

  it('caps the streams per client address (429 RATE_LIMITED) and in all (503 OPS_STREAMS_FULL)', async () => {
    const url = await start({ limits: { ...DEFAULT_ABUSE_LIMITS, opsStreams: { perIp: 2, total: 3 } } });
    // The shell host (a loopback peer) names the browser in x-forwarded-for.
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const first = await connect(url, from('198.51.100.1'));
    await connect(url, from('198.51.100.1'));
    const third = await openStream(url, from('198.51.100.1'));
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('5');
    await third.ended;
    expect(JSON.parse(third.raw()).error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 5000 });

    // Another client still gets one, until the total is reached.
    await connect(url, from('198.51.100.2'));
    const full = await openStream(url, from('198.51.100.3'));
    expect(full.status).toBe(503);
    await full.ended;
    expect(JSON.parse(full.raw()).error.code).toBe('OPS_STREAMS_FULL');
    expect(app.opsStreamCaps.open).toBe(3);

    // A closed stream gives its place back.
    await first.next('snapshot');
    first.close();
    await vi.waitFor(() => expect(app.opsStreamCaps.open).toBe(2));
    const again = await connect(url, from('198.51.100.1'));
    expect(again.status).toBe(200);
    expect((await again.next('snapshot')).event).toBe('snapshot');
  });

  it('is described in the OpenAPI document', async () => {
    await start();
    const doc = (await app.inject('/api/openapi.json')).json();
    const operation = doc.paths['/api/ops/stream'].get;
    expect(operation.description).toContain('retry: 2000');
    expect(operation.responses['200'].content['text/event-stream']).toBeDefined();
  });
});

describe('HEAD /api/ops/stream', () => {
  it('answers the head at once and ends (found by the fuzz suite: it used to hang without headers)', async () => {
    const url = await start();
    const answer = await request(url, { method: 'HEAD' });
    await answer.body.dump();
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  });
});
