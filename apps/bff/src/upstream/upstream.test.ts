import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ResilienceConfig, resolveResilienceConfig } from '../config.js';
import { ResilienceRegistry } from './registry.js';
import { cacheKey } from './saved-copy-key.js';
import type { UpstreamOutcome } from './types.js';
import { Upstream, UpstreamUnavailableError } from './upstream.js';

type Behaviour = 'ok' | 'fail' | 'not-found' | 'hang' | 'garbage';

interface LogLine {
  level: number;
  msg: string;
  upstream?: string;
  from?: string;
  to?: string;
  reason?: string;
}

/** A fetch stand-in driven by the test; it honours the AbortSignal like undici does. */
function fakeFetch() {
  const control = { behaviour: 'ok' as Behaviour, calls: 0, requestIds: [] as string[] };
  const fn: typeof fetch = async (_input, init) => {
    control.calls++;
    const headers = new Headers(init?.headers);
    control.requestIds.push(headers.get('x-request-id') ?? '');
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    switch (control.behaviour) {
      case 'fail':
        return json(500, { error: { code: 'INTERNAL_ERROR', message: 'boom' } });
      case 'not-found':
        return json(404, { error: { code: 'PRODUCT_NOT_FOUND', message: 'nope' } });
      case 'garbage':
        return new Response('<html>oops', { status: 200, headers: { 'content-type': 'application/json' } });
      case 'hang':
        return new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        });
      default:
        return json(200, { items: [{ id: 1 }], total: 1, page: 1, pageSize: 12 });
    }
  };
  return { control, fn };
}

type Settled = { ok: true; value: UpstreamOutcome } | { ok: false; error: unknown };

/** Starts the call, lets `ms` of fake time pass (retry delays, timeouts), then returns how it ended. */
async function callAndAdvance(promise: Promise<UpstreamOutcome>, ms: number): Promise<Settled> {
  let settled: Settled | undefined;
  promise.then(
    (value) => {
      settled = { ok: true, value };
    },
    (error: unknown) => {
      settled = { ok: false, error };
    },
  );
  await vi.advanceTimersByTimeAsync(ms);
  if (!settled) throw new Error(`call still pending after ${ms} ms of fake time`);
  return settled;
}

function errorOf(result: Settled): UpstreamUnavailableError {
  if (result.ok) throw new Error('expected the call to fail');
  expect(result.error).toBeInstanceOf(UpstreamUnavailableError);
  return result.error as UpstreamUnavailableError;
}

describe('Upstream policy (fake clock)', () => {
  let logs: LogLine[];
  let logHost: FastifyInstance;
  let registry: ResilienceRegistry;
  let fetcher: ReturnType<typeof fakeFetch>;

  function makeUpstream(overrides: Partial<ResilienceConfig> = {}): Upstream {
    const config = resolveResilienceConfig({
      timeoutMs: 1500,
      retryAttempts: 2,
      breakerThreshold: 3,
      halfOpenAfterMs: 5000,
      ...overrides,
    });
    const upstream = new Upstream({
      name: 'catalog',
      baseUrl: 'http://catalog.test',
      config,
      logger: logHost.log,
      fetch: fetcher.fn,
    });
    registry.add(upstream);
    return upstream;
  }

  function transitions(): LogLine[] {
    return logs.filter((line) => line.msg === 'breaker transition');
  }

  function state() {
    const [snapshot] = registry.snapshot().upstreams;
    if (!snapshot) throw new Error('no upstream registered');
    return snapshot;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    logs = [];
    logHost = Fastify({
      logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line) as LogLine) } },
    });
    registry = new ResilienceRegistry();
    fetcher = fakeFetch();
  });

  afterEach(async () => {
    vi.useRealTimers();
    await logHost.close();
  });

  it('opens after the threshold, short-circuits, half-opens after the cooldown and closes on a good probe', async () => {
    expect(vi.isFakeTimers()).toBe(true);
    const upstream = makeUpstream();
    expect(state()).toMatchObject({
      name: 'catalog',
      state: 'closed',
      retryAfterMs: 0,
      lastTransition: null,
    });

    // One GET = 1 attempt + 2 retries = 3 consecutive 500s: the breaker opens.
    fetcher.control.behaviour = 'fail';
    const failed = errorOf(
      await callAndAdvance(upstream.request({ path: '/products', requestId: 'r1' }), 3000),
    );
    expect(failed).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', breaker: 'open', reason: 'upstream-error' });
    expect(fetcher.control.calls).toBe(3);
    expect(fetcher.control.requestIds).toEqual(['r1', 'r1', 'r1']);

    const opened = state();
    expect(opened.state).toBe('open');
    expect(opened.counts).toEqual({
      successful: 0,
      failed: 3,
      timeout: 0,
      notPermitted: 0,
      rejected: 0,
      fallback: 0,
      retries: 2,
    });
    expect(opened.lastTransition).toMatchObject({ from: 'closed', to: 'open' });
    const openedAt = Date.parse(opened.lastTransition?.at ?? '');
    // Exact because the clock is fake: the cooldown is measured from the moment the breaker opened.
    expect(opened.retryAfterMs).toBe(openedAt + 5000 - Date.now());
    expect(transitions()).toEqual([
      expect.objectContaining({
        level: 40,
        upstream: 'catalog',
        from: 'closed',
        to: 'open',
        reason: '3 consecutive failures (last: HTTP 500)',
      }),
    ]);

    // Open: calls short-circuit without reaching the upstream and are not retried.
    fetcher.control.behaviour = 'ok';
    const shortCircuited = errorOf(
      await callAndAdvance(upstream.request({ path: '/products', requestId: 'r2' }), 0),
    );
    expect(shortCircuited).toMatchObject({ breaker: 'open', reason: 'circuit-open' });
    expect(shortCircuited.retryAfterMs).toBe(openedAt + 5000 - Date.now());
    expect(fetcher.control.calls).toBe(3);
    expect(state().counts).toMatchObject({ notPermitted: 1, retries: 2 });

    // 1 ms before the cooldown ends cockatiel still refuses: it reads the faked Date.now().
    await vi.advanceTimersByTimeAsync(openedAt + 5000 - 1 - Date.now());
    errorOf(await callAndAdvance(upstream.request({ path: '/products', requestId: 'r3' }), 0));
    expect(fetcher.control.calls).toBe(3);
    expect(state().retryAfterMs).toBe(1);

    // Cooldown over: the next call is the probe; it succeeds and the breaker closes.
    await vi.advanceTimersByTimeAsync(1);
    expect(state().retryAfterMs).toBe(0);
    const probe = await callAndAdvance(upstream.request({ path: '/products', requestId: 'r4' }), 0);
    expect(probe.ok && probe.value.source).toBe('live');
    expect(fetcher.control.calls).toBe(4);
    expect(state()).toMatchObject({
      state: 'closed',
      retryAfterMs: 0,
      counts: { successful: 1, failed: 3, notPermitted: 2, retries: 2 },
      lastTransition: { from: 'half-open', to: 'closed', reason: 'probe succeeded' },
    });
    expect(transitions().map(({ level, from, to, reason }) => ({ level, from, to, reason }))).toEqual([
      { level: 40, from: 'closed', to: 'open', reason: '3 consecutive failures (last: HTTP 500)' },
      { level: 30, from: 'open', to: 'half-open', reason: 'cooldown elapsed, probing' },
      { level: 30, from: 'half-open', to: 'closed', reason: 'probe succeeded' },
    ]);
  });

  it('counts timeouts as failures and re-opens when the probe fails', async () => {
    const upstream = makeUpstream();
    fetcher.control.behaviour = 'hang';

    // 3 attempts of 1500 ms each plus two backoff delays of at most 1 s.
    const timedOut = errorOf(
      await callAndAdvance(upstream.request({ path: '/products', requestId: 'a' }), 7000),
    );
    expect(timedOut).toMatchObject({ breaker: 'open', reason: 'timeout' });
    expect(state().counts).toMatchObject({ timeout: 3, failed: 0, retries: 2 });
    expect(state().lastTransition?.reason).toBe('3 consecutive failures (last: timeout after 1500ms)');

    await vi.advanceTimersByTimeAsync(state().retryAfterMs);
    // The probe hangs: while it runs the breaker reports half-open.
    const probe = upstream.request({ path: '/products', requestId: 'b' });
    await vi.advanceTimersByTimeAsync(0);
    expect(state().state).toBe('half-open');
    expect(fetcher.control.calls).toBe(4);

    // The probe times out: open again. Its retry meets the open breaker and does not reach the upstream.
    const failedProbe = errorOf(await callAndAdvance(probe, 2600));
    expect(failedProbe).toMatchObject({ breaker: 'open', reason: 'circuit-open' });
    expect(fetcher.control.calls).toBe(4);
    expect(state()).toMatchObject({
      state: 'open',
      retryAfterMs: expect.any(Number),
      counts: { timeout: 4, notPermitted: 1 },
      lastTransition: { from: 'half-open', to: 'open', reason: 'probe failed: timeout after 1500ms' },
    });
    expect(state().retryAfterMs).toBeGreaterThan(0);
    expect(transitions().map(({ from, to }) => `${from}->${to}`)).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->open',
    ]);
  });

  it('never opens with threshold 0 (breaker off): every call waits for its own failures', async () => {
    const upstream = makeUpstream({ retryAttempts: 0, breakerThreshold: 0 });
    fetcher.control.behaviour = 'fail';
    for (let i = 0; i < 25; i++) {
      const result = await callAndAdvance(upstream.request({ path: '/products', requestId: `z${i}` }), 0);
      expect(errorOf(result)).toMatchObject({ breaker: 'closed', reason: 'upstream-error' });
    }
    expect(fetcher.control.calls).toBe(25);
    expect(state()).toMatchObject({ state: 'closed', counts: { failed: 25, notPermitted: 0 } });
    expect(transitions()).toEqual([]);
  });

  it('answers a shared GET from memory within freshMs, then asks the upstream again', async () => {
    const upstream = makeUpstream({ freshMs: 1000 });
    const hits: string[] = [];
    upstream.onEvent((event) => {
      if (event.type === 'fresh-hit') hits.push(event.type);
    });
    const first = await callAndAdvance(upstream.request({ path: '/products', requestId: 'f1' }), 0);
    await vi.advanceTimersByTimeAsync(999);
    const second = await callAndAdvance(upstream.request({ path: '/products', requestId: 'f2' }), 0);
    expect(fetcher.control.calls).toBe(1);
    expect(second.ok && second.value).toEqual(first.ok && first.value);
    expect(second.ok && second.value.source).toBe('live');
    expect(hits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await callAndAdvance(upstream.request({ path: '/products', requestId: 'f3' }), 0);
    expect(fetcher.control.calls).toBe(2);
    // Another query is another answer.
    await callAndAdvance(upstream.request({ path: '/products', query: { page: 2 }, requestId: 'f4' }), 0);
    expect(fetcher.control.calls).toBe(3);
  });

  it('shares one upstream call between identical shared GETs in flight', async () => {
    const upstream = makeUpstream({ freshMs: 1000 });
    const calls = Array.from({ length: 5 }, (_, i) =>
      upstream.request({ path: '/products', requestId: `s${i}` }),
    );
    const results = await Promise.all(calls);
    expect(fetcher.control.calls).toBe(1);
    expect(new Set(results.map((r) => r.source))).toEqual(new Set(['live']));
  });

  it('never reuses personal answers, and reuses nothing with freshMs 0', async () => {
    const personal = makeUpstream({ freshMs: 1000 });
    await callAndAdvance(
      personal.request({ path: '/carts/me', headers: { 'x-user-id': '7' }, requestId: 'p1' }),
      0,
    );
    await callAndAdvance(
      personal.request({ path: '/carts/me', headers: { 'x-user-id': '7' }, requestId: 'p2' }),
      0,
    );
    await callAndAdvance(
      personal.request({ path: '/carts/x', savedCopy: { scope: 'u7' }, requestId: 'p3' }),
      0,
    );
    await callAndAdvance(
      personal.request({ path: '/carts/x', savedCopy: { scope: 'u7' }, requestId: 'p4' }),
      0,
    );
    expect(fetcher.control.calls).toBe(4);
    registry = new ResilienceRegistry();
    const off = makeUpstream();
    expect(off.config.freshMs).toBe(0);
    await callAndAdvance(off.request({ path: '/products', requestId: 'o1' }), 0);
    await callAndAdvance(off.request({ path: '/products', requestId: 'o2' }), 0);
    expect(fetcher.control.calls).toBe(6);
  });

  it('passes 4xx answers through without counting failures or retrying', async () => {
    const upstream = makeUpstream({ breakerThreshold: 1 });
    fetcher.control.behaviour = 'not-found';
    for (let i = 0; i < 4; i++) {
      const result = await callAndAdvance(upstream.request({ path: '/products/x', requestId: `n${i}` }), 0);
      expect(result.ok && result.value.response.status).toBe(404);
    }
    expect(fetcher.control.calls).toBe(4);
    expect(state()).toMatchObject({ state: 'closed', counts: { successful: 4, failed: 0, retries: 0 } });
    expect(transitions()).toEqual([]);
  });

  it('counts a 2xx answer with a broken JSON body as a failure', async () => {
    const upstream = makeUpstream({ retryAttempts: 0, breakerThreshold: 1 });
    fetcher.control.behaviour = 'garbage';
    const result = await callAndAdvance(upstream.request({ path: '/products', requestId: 'g' }), 0);
    expect(errorOf(result)).toMatchObject({ reason: 'upstream-error', breaker: 'open' });
    expect(state().lastTransition?.reason).toBe(
      '1 consecutive failure (last: invalid response (body is not valid JSON))',
    );
  });

  it('does not retry writes', async () => {
    const upstream = makeUpstream({ breakerThreshold: 5 });
    fetcher.control.behaviour = 'fail';
    const result = await callAndAdvance(
      upstream.request({ method: 'POST', path: '/carts', body: { a: 1 }, requestId: 'w' }),
      3000,
    );
    expect(errorOf(result).breaker).toBe('closed');
    expect(fetcher.control.calls).toBe(1);
    expect(state().counts).toMatchObject({ failed: 1, retries: 0 });
  });

  it('answers from the last good copy, keyed by path and sorted query, within its bound', async () => {
    const upstream = makeUpstream({ retryAttempts: 0, breakerThreshold: 10, lkgMaxEntries: 1 });
    const savedAt = new Date().toISOString();
    const live = await callAndAdvance(
      upstream.request({ path: '/products', query: { sort: 'name-asc', page: 1 }, requestId: 'l' }),
      0,
    );
    expect(live.ok && live.value.source).toBe('live');

    await vi.advanceTimersByTimeAsync(60_000);
    fetcher.control.behaviour = 'fail';
    const saved = await callAndAdvance(
      upstream.request({
        path: '/products',
        query: { page: 1, q: undefined, sort: 'name-asc' },
        requestId: 's',
      }),
      0,
    );
    if (!saved.ok || saved.value.source !== 'saved') throw new Error('expected the saved copy');
    expect(saved.value.response.status).toBe(200);
    expect(saved.value.degraded).toEqual({
      service: 'catalog',
      reason: 'upstream-error',
      savedAt,
      retryAfterMs: 1000,
    });
    expect(state().counts.fallback).toBe(1);

    // A second key evicts the first (bound of 1 entry).
    fetcher.control.behaviour = 'ok';
    await callAndAdvance(upstream.request({ path: '/categories', requestId: 'c' }), 0);
    fetcher.control.behaviour = 'fail';
    const evicted = await callAndAdvance(
      upstream.request({ path: '/products', query: { sort: 'name-asc', page: 1 }, requestId: 'e' }),
      0,
    );
    expect(errorOf(evicted).statusCode).toBe(503);
    expect(cacheKey('/products', { sort: 'name-asc', page: 1, q: undefined })).toBe(
      '/products?page=1&sort=name-asc',
    );
  });

  it('keeps searches in their own budget: 600 unique searches never push out a page', async () => {
    const upstream = makeUpstream({
      retryAttempts: 0,
      breakerThreshold: 0,
      lkgMaxEntries: 2,
      lkgSearchMaxEntries: 5,
    });
    const home = { path: '/products', query: { featured: true }, requestId: 'home' };
    await callAndAdvance(upstream.request(home), 0);
    for (let i = 0; i < 600; i++) {
      const q = `unique-${i}`;
      await callAndAdvance(
        upstream.request({ path: '/products', query: { q }, search: true, requestId: q }),
        0,
      );
    }
    fetcher.control.behaviour = 'fail';
    const saved = await callAndAdvance(upstream.request(home), 0);
    expect(saved.ok && saved.value.source).toBe('saved');
    // The newest searches are kept, within their own bound.
    const recent = { path: '/products', query: { q: 'unique-599' }, search: true, requestId: 'r' };
    expect((await callAndAdvance(upstream.request(recent), 0)).ok).toBe(true);
    const old = { path: '/products', query: { q: 'unique-0' }, search: true, requestId: 'o' };
    expect(errorOf(await callAndAdvance(upstream.request(old), 0)).statusCode).toBe(503);
  });

  it('rejects calls beyond the bulkhead without counting them against the breaker', async () => {
    const upstream = makeUpstream({
      retryAttempts: 0,
      breakerThreshold: 1,
      bulkheadLimit: 1,
      bulkheadQueue: 0,
    });
    fetcher.control.behaviour = 'hang';
    const first = upstream.request({ path: '/products', requestId: 'one' });
    await vi.advanceTimersByTimeAsync(0);
    const rejected = errorOf(
      await callAndAdvance(upstream.request({ path: '/products', requestId: 'two' }), 0),
    );
    expect(rejected).toMatchObject({ reason: 'upstream-error', breaker: 'closed' });
    expect(state().counts).toMatchObject({ rejected: 1, failed: 0, timeout: 0 });
    expect(fetcher.control.calls).toBe(1);
    errorOf(await callAndAdvance(first, 1500));
    expect(state().counts.timeout).toBe(1);
  });
  it('records one window entry per request (retries and saved copies included) and keeps the last 50 transitions', async () => {
    const upstream = makeUpstream({ breakerThreshold: 3, halfOpenAfterMs: 1000 });
    await callAndAdvance(upstream.request({ path: '/products', requestId: 'ok' }), 0);
    expect(upstream.windowSnapshot()).toMatchObject({ seconds: 30, requests: 1, errorPercent: 0 });

    // Three attempts, one request; the breaker opens and the saved copy answers: still an error.
    fetcher.control.behaviour = 'fail';
    const saved = await callAndAdvance(upstream.request({ path: '/products', requestId: 'bad' }), 3000);
    expect(saved.ok && saved.value.source).toBe('saved');
    expect(upstream.windowSnapshot()).toMatchObject({ requests: 2, errorPercent: 50 });
    expect(upstream.recentTransitions()).toEqual([
      expect.objectContaining({ from: 'closed', to: 'open', at: expect.any(String) }),
    ]);

    // Probe, fail, re-open: two transitions per round; only the last 50 are kept.
    for (let i = 0; i < 30; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      // The failed probe's retry meets the open breaker again.
      await callAndAdvance(upstream.request({ path: '/products', requestId: `p${i}` }), 1000);
    }
    const kept = upstream.recentTransitions();
    expect(kept).toHaveLength(50);
    expect(kept.at(-1)).toMatchObject({ from: 'half-open', to: 'open' });
    // 61 transitions so far: the first 11 were dropped.
    expect(kept[0]).toMatchObject({ from: 'open', to: 'half-open' });
  });
});
