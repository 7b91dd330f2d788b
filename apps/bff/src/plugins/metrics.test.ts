import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeCatalog } from '../test-support/fake-catalog.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('resilience4j-style metric names', () => {
  it('counts a full bulkhead in bff_bulkhead_rejections_total and a timeout in bff_circuitbreaker_calls_total', async () => {
    const fake = await startFakeCatalog();
    cleanups.push(() => fake.close());
    const app = buildOfflineBff({
      upstreams: {
        catalog: {
          baseUrl: fake.url,
          resilience: { retryAttempts: 0, timeoutMs: 300, bulkheadLimit: 1, bulkheadQueue: 0 },
        },
      },
    });
    cleanups.push(() => app.close());
    // Booted first, so that the wait below measures the call, not the start-up (slow on a loaded machine).
    await app.ready();

    fake.mode = 'hang';
    const first = app.inject('/api/catalog/categories');
    await vi.waitFor(() => expect(fake.hitsOn('/categories')).toBe(1));
    // The only slot is taken and nothing may queue: refused at once.
    const second = await app.inject('/api/catalog/categories');
    expect(second.statusCode).toBe(503);
    expect((await first).statusCode).toBe(503);

    const text = (await app.inject('/metrics')).body;
    expect(text).toContain('bff_bulkhead_rejections_total{upstream="catalog",replica="bff"} 1');
    expect(text).toContain(
      'bff_circuitbreaker_calls_total{upstream="catalog",kind="timeout",replica="bff"} 1',
    );
    expect(text).toContain('bff_retry_calls_total{upstream="catalog",replica="bff"} 0');
    expect(text).toMatch(
      /bff_upstream_call_duration_seconds_count\{replica="bff",upstream="catalog",kind="timeout"\} 1/,
    );
    expect(text).not.toContain('kind="rejected"');
  });
});
