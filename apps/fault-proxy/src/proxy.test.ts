import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FaultSpec } from './fault-types.js';
import { validateFault } from './faults.js';
import {
  createTargetProxy,
  responseHeadersToForward,
  type TargetProxy,
  type TargetProxyOptions,
} from './proxy.js';
import {
  failureOf,
  memoryLogger,
  type SendResult,
  send,
  sequence,
  startUpstream,
  type Upstream,
} from './testing/helpers.js';

function fault(input: unknown): FaultSpec {
  const verdict = validateFault(input);
  if (!verdict.ok) throw new Error(verdict.message);
  return verdict.fault;
}

let upstream: Upstream;
let proxy: TargetProxy;
let logger: ReturnType<typeof memoryLogger>;

async function startProxy(extra: Partial<TargetProxyOptions> = {}): Promise<number> {
  logger = memoryLogger();
  proxy = createTargetProxy({
    name: 'catalog',
    kind: 'service',
    listenPort: 0,
    host: '127.0.0.1',
    upstream: upstream.url,
    logger,
    ...extra,
  });
  await proxy.start();
  return proxy.describe().listen;
}

beforeEach(async () => {
  upstream = await startUpstream();
});

afterEach(async () => {
  vi.useRealTimers();
  await proxy.stop();
  await upstream.app.close();
});

describe('pass-through', () => {
  it('forwards method, path, headers and status and returns the upstream headers and body', async () => {
    const port = await startProxy();
    const res = await send(port, { path: '/echo?x=1', headers: { 'x-request-id': 'abc', 'x-custom': 'v' } });
    expect(res.status).toBe(200);
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    const body = res.json() as { url: string; headers: Record<string, string> };
    expect(body.url).toBe('/echo?x=1');
    expect(body.headers['x-request-id']).toBe('abc');
    expect(body.headers['x-custom']).toBe('v');
    expect(body.headers['x-forwarded-for']).toBeUndefined();
  });

  it('streams a POST body to the upstream and its answer back', async () => {
    const port = await startProxy();
    const res = await send(port, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world', n: 3 }),
    });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({ received: { hello: 'world', n: 3 }, contentType: 'application/json' });
    expect(upstream.hits.at(-1)?.body).toEqual({ hello: 'world', n: 3 });
  });

  it('streams a large body both ways without changing it', async () => {
    const port = await startProxy();
    const big = 'x'.repeat(512 * 1024);
    const res = await send(port, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ big }),
    });
    expect(res.status).toBe(201);
    expect((res.json() as { received: { big: string } }).received.big).toHaveLength(big.length);
  });

  it('passes end-to-end headers but not hop-by-hop ones', async () => {
    const port = await startProxy();
    const res = await send(port, {
      headers: { connection: 'keep-alive, x-hop', 'x-hop': '1', 'keep-alive': 'timeout=9' },
    });
    const seen = (res.json() as { headers: Record<string, string> }).headers;
    expect(seen['x-hop']).toBeUndefined();
    expect(seen['keep-alive']).toBeUndefined();
    expect(
      responseHeadersToForward(['Keep-Alive', 'timeout=72', 'Connection', 'keep-alive', 'ETag', '"1"']),
    ).toEqual(['ETag', '"1"']);
  });

  it('passes the upstream error statuses through untouched', async () => {
    const port = await startProxy();
    const res = await send(port, { path: '/teapot' });
    expect(res.status).toBe(418);
    expect(res.json()).toEqual({ short: 'and stout' });
  });

  it('answers 502 UPSTREAM_UNREACHABLE in the envelope when the target itself is down', async () => {
    const port = await startProxy();
    await upstream.app.close();
    const res = await send(port, { headers: { 'x-request-id': 'req-7' } });
    expect(res.status).toBe(502);
    expect(res.headers['x-request-id']).toBe('req-7');
    expect(res.json()).toEqual({
      error: {
        code: 'UPSTREAM_UNREACHABLE',
        message: expect.stringMatching(
          /^The upstream of target "catalog" \(http:\/\/127\.0\.0\.1:\d+\) is unreachable: ECONNREFUSED$/,
        ),
        target: 'catalog',
      },
      meta: { requestId: 'req-7' },
    });
    upstream = await startUpstream(); // afterEach closes it again
  });
});

describe('down', () => {
  it('refuses connections while down and forwards again after clear', async () => {
    const port = await startProxy();
    expect((await send(port)).status).toBe(200);
    await proxy.setFault(fault({ type: 'down' }));
    expect(await failureOf(send(port))).toBe('ECONNREFUSED');
    await proxy.clearFault('cleared');
    expect((await send(port)).status).toBe(200);
    expect(proxy.describe().listen).toBe(port);
  });

  it('destroys connections that are open when the fault arrives', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'hang' }));
    const pending = failureOf(send(port));
    // Give the hung request time to reach the proxy before the switch.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await proxy.setFault(fault({ type: 'down' }));
    expect(await pending).toBe('ECONNRESET');
  });
});

describe('hang', () => {
  it('never answers while hanging, and answers normally after clear', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'hang' }));
    const failure = await failureOf(send(port, { signal: AbortSignal.timeout(300) }));
    expect(failure).toBe('ABORT_ERR');
    expect(upstream.hits).toHaveLength(0);
    await proxy.clearFault('cleared');
    expect((await send(port)).status).toBe(200);
  });

  it('releases hung requests when the fault clears, so nothing leaks', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'hang' }));
    const pending = failureOf(send(port));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await proxy.clearFault('cleared');
    expect(await pending).toBe('ECONNRESET');
  });

  it('releases hung requests when the proxy stops', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'hang' }));
    const pending = failureOf(send(port));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await proxy.stop();
    expect(await pending).toBe('ECONNRESET');
  });
});

describe('latency', () => {
  it('forwards only once the delay has passed (injected delay)', async () => {
    const delays: number[] = [];
    let release: () => void = () => undefined;
    const delay = (ms: number) =>
      new Promise<void>((resolve) => {
        delays.push(ms);
        release = resolve;
      });
    const port = await startProxy({ delay, random: sequence([0.5]) });
    await proxy.setFault(fault({ type: 'latency', options: { ms: 1000, jitterMs: 99 } }));
    const pending = send(port);
    await vi.waitFor(() => expect(delays).toEqual([1050]));
    expect(upstream.hits).toHaveLength(0);
    release();
    expect((await pending).status).toBe(200);
    expect(upstream.hits).toHaveLength(1);
  });

  it('waits at least the configured time with real timers', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'latency', options: { ms: 200 } }));
    const started = performance.now();
    const res = await send(port);
    expect(res.status).toBe(200);
    // Lower bound only (a little slack for timer rounding); never an upper bound.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('errors', () => {
  it('answers every request with a coded 503 at 100% and forwards none', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'errors', options: { percent: 100 } }));
    const answers: SendResult[] = [];
    for (let i = 0; i < 5; i += 1) answers.push(await send(port));
    expect(answers.map((res) => res.status)).toEqual([503, 503, 503, 503, 503]);
    expect(answers[0]?.json()).toEqual({
      error: {
        code: 'INJECTED_FAULT',
        message: 'Fault injected on target "catalog": errors 100% (status 503)',
        target: 'catalog',
      },
      meta: { requestId: answers[0]?.headers['x-request-id'] },
    });
    // No id given: a fresh one per answer, as every storefront process does.
    expect(answers[0]?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answers[1]?.headers['x-request-id']).not.toBe(answers[0]?.headers['x-request-id']);
    expect(upstream.hits).toHaveLength(0);
  });

  it('splits exactly by the random source at 50%, with the configured status', async () => {
    const port = await startProxy({ random: sequence([0.1, 0.9, 0.49, 0.5, 0.0, 0.99]) });
    await proxy.setFault(fault({ type: 'errors', options: { percent: 50, status: 500 } }));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await send(port)).status);
    expect(statuses).toEqual([500, 200, 500, 200, 500, 200]);
    expect(upstream.hits).toHaveLength(3);
  });
});

describe('flapping', () => {
  it('starts down, comes up after downMs, goes down after upMs (fake timers, real sockets)', async () => {
    const port = await startProxy();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const described = await proxy.setFault(
      fault({ type: 'flapping', options: { upMs: 2000, downMs: 1000 } }),
    );
    expect(described.fault?.phase).toBe('down');
    expect(await failureOf(send(port))).toBe('ECONNREFUSED');

    vi.advanceTimersByTime(1000);
    await proxy.settle();
    expect(proxy.describe().fault?.phase).toBe('up');
    expect((await send(port)).status).toBe(200);

    vi.advanceTimersByTime(1999);
    await proxy.settle();
    expect(proxy.describe().fault?.phase).toBe('up');
    vi.advanceTimersByTime(1);
    await proxy.settle();
    expect(proxy.describe().fault?.phase).toBe('down');
    expect(await failureOf(send(port))).toBe('ECONNREFUSED');

    await proxy.clearFault('cleared');
    expect((await send(port)).status).toBe(200);
    vi.advanceTimersByTime(10_000);
    await proxy.settle();
    expect((await send(port)).status).toBe(200);
  });
});

describe('fault lifecycle', () => {
  it('expires after durationMs and logs reason expired', async () => {
    const port = await startProxy({ now: () => Date.parse('2030-01-01T00:00:00.000Z') });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const described = await proxy.setFault(fault({ type: 'down', durationMs: 5000 }));
    expect(described.fault).toMatchObject({
      injectedAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:00:05.000Z',
    });
    vi.advanceTimersByTime(4999);
    await proxy.settle();
    expect(proxy.describe().fault?.type).toBe('down');
    vi.advanceTimersByTime(1);
    await proxy.settle();
    expect(proxy.describe().fault).toBeNull();
    expect((await send(port)).status).toBe(200);
    expect(logger.changes().map((entry) => entry.reason)).toEqual(['injected', 'expired']);
  });

  it('replaces one fault with another, cancelling the old expiry', async () => {
    const port = await startProxy();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await proxy.setFault(fault({ type: 'errors', options: { percent: 100 }, durationMs: 1000 }));
    expect((await send(port)).status).toBe(503);
    await proxy.setFault(fault({ type: 'errors', options: { percent: 100, status: 599 } }));
    vi.advanceTimersByTime(5000);
    await proxy.settle();
    expect((await send(port)).status).toBe(599);
    await proxy.setFault(fault({ type: 'down' }));
    expect(await failureOf(send(port))).toBe('ECONNREFUSED');
    await proxy.setFault(fault({ type: 'latency', options: { ms: 0 } }));
    expect((await send(port)).status).toBe(200);
    const changes = logger.changes();
    expect(changes.map((entry) => entry.reason)).toEqual(['injected', 'replaced', 'replaced', 'replaced']);
    expect(changes[1]).toMatchObject({ target: 'catalog', previous: 'errors', fault: { type: 'errors' } });
  });

  it('logs every change with target, fault and reason, and clearing nothing logs nothing', async () => {
    await startProxy();
    await proxy.clearFault('cleared');
    await proxy.setFault(fault({ type: 'hang' }));
    await proxy.clearFault('cleared');
    expect(logger.changes()).toEqual([
      expect.objectContaining({
        msg: 'fault changed',
        target: 'catalog',
        reason: 'injected',
        fault: expect.objectContaining({ type: 'hang' }),
      }),
      expect.objectContaining({ msg: 'fault changed', target: 'catalog', reason: 'cleared', fault: null }),
    ]);
  });
});

describe('lost-response', () => {
  const lostLines = () => logger.entries.filter((entry) => entry.msg === 'response lost');

  it('forwards the request, lets the upstream answer in full, then resets the client at once', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'lost-response' }));
    expect(proxy.describe().fault?.options).toEqual({ percent: 100, holdMs: 0 });
    const failure = await failureOf(
      send(port, {
        method: 'POST',
        path: '/echo',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ order: 1 }),
      }),
    );
    // The client got no answer at all, not even a status line...
    expect(failure).toBe('ECONNRESET');
    // ...although the upstream received the whole request and answered it.
    expect(upstream.hits).toEqual([{ method: 'POST', url: '/echo', body: { order: 1 } }]);
    expect(lostLines()).toEqual([
      expect.objectContaining({ target: 'catalog', method: 'POST', path: '/echo', status: 201, holdMs: 0 }),
    ]);
  });

  it('holds a lost answer for holdMs before the reset (injected delay)', async () => {
    const delays: number[] = [];
    let release: () => void = () => undefined;
    const delay = (ms: number) =>
      new Promise<void>((resolve) => {
        delays.push(ms);
        release = resolve;
      });
    const port = await startProxy({ delay });
    await proxy.setFault(fault({ type: 'lost-response', options: { holdMs: 2500 } }));
    let settled = false;
    const pending = failureOf(send(port)).finally(() => {
      settled = true;
    });
    await vi.waitFor(() => expect(delays).toEqual([2500]));
    // The upstream has answered; the client is still waiting.
    expect(upstream.hits).toHaveLength(1);
    expect(lostLines()).toEqual([expect.objectContaining({ method: 'GET', status: 200, holdMs: 2500 })]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    release();
    expect(await pending).toBe('ECONNRESET');
  });

  it('loses only that share of answers, sampled by the random source', async () => {
    const port = await startProxy({ random: sequence([0.1, 0.9, 0.29, 0.3]) });
    await proxy.setFault(fault({ type: 'lost-response', options: { percent: 30 } }));
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      outcomes.push(
        await send(port).then(
          (res) => String(res.status),
          (error: { code?: string }) => error.code ?? 'error',
        ),
      );
    }
    expect(outcomes).toEqual(['ECONNRESET', '200', 'ECONNRESET', '200']);
    // Every request reached the upstream, lost or not.
    expect(upstream.hits).toHaveLength(4);
    expect(lostLines()).toHaveLength(2);
  });

  it('drops held answers when the fault is cleared, and forwards normally afterwards', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'lost-response', options: { holdMs: 60_000 } }));
    const pending = failureOf(send(port));
    await vi.waitFor(() => expect(lostLines()).toHaveLength(1));
    await proxy.clearFault('cleared');
    expect(await pending).toBe('ECONNRESET');
    expect((await send(port)).status).toBe(200);
    expect(upstream.hits).toHaveLength(2);
  });

  it('drops held answers when the proxy stops', async () => {
    const port = await startProxy();
    await proxy.setFault(fault({ type: 'lost-response', options: { holdMs: 60_000 } }));
    const pending = failureOf(send(port));
    await vi.waitFor(() => expect(lostLines()).toHaveLength(1));
    await proxy.stop();
    expect(await pending).toBe('ECONNRESET');
  });
});
