// The metrics a dashboard and the alert rules need (issue 14): transitions, the replica label, bulkhead room,
// saved-copy ages, fine latency buckets and the BFF's own answers, each driven by real traffic to a fake upstream.
import { DEGRADED_HEADER } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResilienceConfig } from '../config.js';
import { type FakeCatalog, startFakeCatalog } from '../test-support/fake-catalog.js';
import { buildOfflineBff, type OfflineBffOptions } from '../test-support/offline-bff.js';
import { parseSamples, sampleValue } from '../test-support/prom-text.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(
  resilience: Partial<ResilienceConfig>,
  extra: OfflineBffOptions = {},
): Promise<{ app: FastifyInstance; fake: FakeCatalog }> {
  const fake = await startFakeCatalog();
  cleanups.push(() => fake.close());
  const app = buildOfflineBff({ upstreams: { catalog: { baseUrl: fake.url, resilience } }, ...extra });
  cleanups.push(() => app.close());
  await app.ready();
  return { app, fake };
}

async function scrape(app: FastifyInstance): Promise<string> {
  const res = await app.inject('/metrics');
  expect(res.statusCode).toBe(200);
  return res.body;
}

describe('bff_circuitbreaker_transitions_total', () => {
  it('counts each transition of a breaker that opens, probes and closes', async () => {
    const { app, fake } = await start({ retryAttempts: 0, breakerThreshold: 1, halfOpenAfterMs: 100 });
    // Every edge exists at 0 from the start, so increase() over a fresh process counts the first transition.
    const fresh = parseSamples(await scrape(app)).filter(
      (s) => s.name === 'bff_circuitbreaker_transitions_total' && s.labels.upstream === 'catalog',
    );
    expect(fresh.map((s) => `${s.labels.from}>${s.labels.to}=${s.value}`).sort()).toEqual([
      'closed>half-open=0',
      'closed>open=0',
      'half-open>closed=0',
      'half-open>open=0',
      'open>closed=0',
      'open>half-open=0',
    ]);

    fake.mode = 'fail';
    expect((await app.inject('/api/catalog/categories')).statusCode).toBe(503);
    fake.mode = 'ok';
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await app.inject('/api/catalog/categories')).statusCode).toBe(200);

    const text = await scrape(app);
    const count = (from: string, to: string) =>
      sampleValue(text, 'bff_circuitbreaker_transitions_total', { upstream: 'catalog', from, to });
    expect(count('closed', 'open')).toBe(1);
    expect(count('open', 'half-open')).toBe(1);
    expect(count('half-open', 'closed')).toBe(1);
    expect(count('half-open', 'open')).toBe(0);
    expect(count('open', 'closed')).toBe(0);
  });
});

describe('replica label', () => {
  it('labels every series with BFF_REPLICA_ID, process metrics included', async () => {
    const { app } = await start({}, { replica: { id: 'bff-2', peers: [] } });
    await app.inject('/api/catalog/categories');
    const samples = parseSamples(await scrape(app));
    expect(samples.length).toBeGreaterThan(50);
    expect(samples.filter((s) => s.labels.replica !== 'bff-2')).toEqual([]);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
  });

  it('uses the default id of a lone replica when the app is given none', async () => {
    const { app } = await start({});
    expect(
      sampleValue(await scrape(app), 'bff_retry_calls_total', { upstream: 'catalog', replica: 'bff' }),
    ).toBe(0);
  });
});

describe('bulkhead gauges', () => {
  it('reads free slots and queued requests at scrape time', async () => {
    const { app, fake } = await start({
      retryAttempts: 0,
      bulkheadLimit: 2,
      bulkheadQueue: 3,
      timeoutMs: 5000,
    });
    const idle = await scrape(app);
    expect(sampleValue(idle, 'bff_bulkhead_available', { upstream: 'catalog' })).toBe(2);
    expect(sampleValue(idle, 'bff_bulkhead_queued', { upstream: 'catalog' })).toBe(0);
    expect(sampleValue(idle, 'bff_bulkhead_available', { upstream: 'account-password' })).toBe(4);

    const release = fake.faults.hold('GET /categories');
    // Distinct queries: identical shared GETs could be merged into one call.
    const pending = [1, 2, 3].map((n) => app.inject(`/api/catalog/categories?n=${n}`));
    await vi.waitFor(() => expect(fake.hitsOn('/categories')).toBe(2));
    const busy = await scrape(app);
    expect(sampleValue(busy, 'bff_bulkhead_available', { upstream: 'catalog' })).toBe(0);
    expect(sampleValue(busy, 'bff_bulkhead_queued', { upstream: 'catalog' })).toBe(1);

    release();
    for (const res of await Promise.all(pending)) expect(res.statusCode).toBe(200);
    const after = await scrape(app);
    expect(sampleValue(after, 'bff_bulkhead_available', { upstream: 'catalog' })).toBe(2);
    expect(sampleValue(after, 'bff_bulkhead_queued', { upstream: 'catalog' })).toBe(0);
  });
});

describe('bff_saved_copy_age_seconds', () => {
  it('observes the age of the saved copy behind a Storefront-Degraded answer', async () => {
    const { app, fake } = await start({ retryAttempts: 0 });
    expect((await app.inject('/api/catalog/categories')).statusCode).toBe(200);
    const before = await scrape(app);
    expect(sampleValue(before, 'bff_saved_copy_age_seconds_count', { upstream: 'catalog' })).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 120));
    fake.mode = 'fail';
    const degraded = await app.inject('/api/catalog/categories');
    expect(degraded.statusCode).toBe(200);
    expect(degraded.headers[DEGRADED_HEADER.toLowerCase()]).toContain('catalog');

    const text = await scrape(app);
    expect(sampleValue(text, 'bff_saved_copy_age_seconds_count', { upstream: 'catalog' })).toBe(1);
    const age = sampleValue(text, 'bff_saved_copy_age_seconds_sum', { upstream: 'catalog' }) ?? 0;
    expect(age).toBeGreaterThanOrEqual(0.1);
    expect(age).toBeLessThan(30);
    expect(sampleValue(text, 'bff_saved_copy_age_seconds_bucket', { upstream: 'catalog', le: '1' })).toBe(1);
    expect(
      sampleValue(text, 'bff_circuitbreaker_calls_total', { upstream: 'catalog', kind: 'fallback' }),
    ).toBe(1);
  });
});

describe('latency histograms', () => {
  it('gives upstream attempts geometric buckets (×1.25 from 1 ms to 10 s)', async () => {
    const { app } = await start({});
    await app.inject('/api/catalog/categories');
    const bounds = parseSamples(await scrape(app))
      .filter(
        (s) =>
          s.name === 'bff_upstream_call_duration_seconds_bucket' &&
          s.labels.upstream === 'catalog' &&
          s.labels.kind === 'successful',
      )
      .map((s) => (s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le)));
    expect(bounds[0]).toBe(0.001);
    expect(bounds.at(-2)).toBe(10);
    expect(bounds.at(-1)).toBe(Number.POSITIVE_INFINITY);
    const finite = bounds.slice(0, -1);
    for (let i = 1; i < finite.length - 1; i++) {
      const ratio = (finite[i] ?? 0) / (finite[i - 1] ?? 1);
      expect(ratio).toBeGreaterThan(1.2);
      expect(ratio).toBeLessThan(1.3);
    }
  });

  it("times the BFF's own answers by route pattern, method and status class", async () => {
    const { app, fake } = await start({ retryAttempts: 0 });
    expect((await app.inject('/api/catalog/products/lamp-1')).statusCode).toBeLessThan(500);
    fake.mode = 'fail';
    expect((await app.inject('/api/catalog/categories')).statusCode).toBe(503);
    await app.inject('/metrics');

    const text = await scrape(app);
    const routes = parseSamples(text)
      .filter((s) => s.name === 'bff_http_request_duration_seconds_count')
      .map((s) => `${s.labels.method} ${s.labels.route} ${s.labels.status_class}`);
    expect(routes).toContain('GET /api/catalog/categories 5xx');
    expect(routes.some((r) => r.startsWith('GET /api/catalog/products/:'))).toBe(true);
    // The pattern, never the raw URL, and scrapes do not time themselves.
    expect(routes.some((r) => r.includes('lamp-1'))).toBe(false);
    expect(routes.some((r) => r.includes('/metrics'))).toBe(false);
  });
});
