// Issue 14's acceptance: "with the sampling breaker on the catalog, the 50 %-errors scenario opens it every run".
// A real BFF in front of a fake catalog that fails every other request (deterministically 50 %, like the
// everything-burns scenario's catalog), under a steady load of shopper requests with retries on.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResilienceConfig } from '../config.js';
import { type FakeCatalog, startFakeCatalog } from '../test-support/fake-catalog.js';
import { buildOfflineBff, DEAD_URL } from '../test-support/offline-bff.js';

const RUNS = 5;
/** One shopper request every 20 ms (50 / s), not waiting for the previous one. */
const EVERY_MS = 20;

interface RunResult {
  /** Milliseconds from the first request to the breaker opening; null when it stayed closed. */
  openedAfterMs: number | null;
  requests: number;
  /** Attempts that reached the failing catalog (retries included). */
  reached: number;
  /** Answers a shopper would see as an error (5xx); saved copies are not counted. */
  shopperErrors: number;
}

let fake: FakeCatalog | undefined;
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

/** Runs the load for at most `maxMs` (or until the breaker opens, when `stopWhenOpen`). */
async function run(
  resilience: Partial<ResilienceConfig>,
  maxMs: number,
  stopWhenOpen: boolean,
): Promise<RunResult> {
  fake = await startFakeCatalog();
  // The 1st, 3rd, 5th… product listing fails: every attempt that fails is followed by one that succeeds.
  let listings = 0;
  const faults = fake.faults;
  faults.take = (route) => (route === 'GET /products' && listings++ % 2 === 0 ? 'fail' : undefined);
  app = buildOfflineBff({
    upstreams: {
      catalog: {
        baseUrl: fake.url,
        resilience: { retryAttempts: 2, retryInitialDelayMs: 5, retryMaxDelayMs: 20, ...resilience },
      },
    },
  });
  await app.ready();
  const server = app;
  const catalog = server.resilience.get('catalog');
  const started = Date.now();
  let openedAfterMs: number | null = null;
  let requests = 0;
  let shopperErrors = 0;
  const inFlight: Array<Promise<void>> = [];
  while (Date.now() - started < maxMs) {
    if (openedAfterMs === null && catalog.snapshot().state === 'open') {
      openedAfterMs = Date.now() - started;
      if (stopWhenOpen) break;
    }
    requests++;
    inFlight.push(
      server.inject(`/api/catalog/products?page=${(requests % 3) + 1}`).then((reply) => {
        if (reply.statusCode >= 500) shopperErrors++;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
  }
  await Promise.all(inFlight);
  if (openedAfterMs === null && catalog.recentTransitions().some((t) => t.to === 'open')) {
    openedAfterMs = Date.now() - started;
  }
  const result = { openedAfterMs, requests, reached: fake.hitsOn('/products'), shopperErrors };
  await app.close();
  await fake.close();
  app = undefined;
  fake = undefined;
  return result;
}

describe('the breaker kind on /api/resilience', () => {
  it('shows the kind and only the settings it uses', async () => {
    app = buildOfflineBff({
      upstreams: {
        catalog: { baseUrl: DEAD_URL, resilience: { breakerKind: 'sampling', breakerErrorRate: 0.4 } },
        cart: { baseUrl: DEAD_URL, resilience: { breakerThreshold: 0 } },
      },
    });
    const body = (await app.inject('/api/resilience?scope=local')).json<{
      upstreams: Array<{ name: string; config: { breaker: unknown; breakerThreshold: number } }>;
    }>();
    const byName = Object.fromEntries(body.upstreams.map((u) => [u.name, u.config]));
    expect(byName.catalog).toMatchObject({
      breakerThreshold: 3,
      breaker: { kind: 'sampling', errorRate: 0.4, windowMs: 10_000, minCalls: 10 },
    });
    expect(byName.cart?.breaker).toEqual({ kind: 'consecutive', threshold: 0 });
    expect(byName.account?.breaker).toEqual({ kind: 'consecutive', threshold: 3 });
  });
});

describe('the 50 %-errors catalog under steady load', () => {
  it(`opens the sampling breaker within its window in each of ${RUNS} runs`, async () => {
    const windowMs = 10_000;
    const results: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      results.push(
        await run(
          { breakerKind: 'sampling', breakerErrorRate: 0.5, breakerWindowMs: windowMs, breakerMinCalls: 10 },
          3000,
          true,
        ),
      );
    }
    if (process.env.BREAKER_REPORT) console.info('sampling', results);
    for (const result of results) {
      expect(result.openedAfterMs).not.toBeNull();
      expect(result.openedAfterMs ?? Number.POSITIVE_INFINITY).toBeLessThan(windowMs);
    }
  }, 30_000);

  it('does not open the consecutive breaker (threshold 3, retries on): each failure is retried into a success', async () => {
    const results: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      results.push(await run({ breakerKind: 'consecutive', breakerThreshold: 3 }, 600, false));
    }
    if (process.env.BREAKER_REPORT) console.info('consecutive', results);
    // Not asserted strictly: with requests overlapping, three failed attempts can finish in a row now and then.
    // What matters is that it is not the breaker that notices: shoppers get answers while half of the
    // attempts still reach the failing service.
    const opened = results.filter((result) => result.openedAfterMs !== null).length;
    expect(opened).toBeLessThan(RUNS);
  }, 30_000);
});
