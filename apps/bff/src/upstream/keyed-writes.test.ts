// Keyed and repeatable writes under the upstream policy, against a real port: a write with an Idempotency-Key
// is retried like a GET (the service replays it), an unkeyed one never; and `certainlyNotSent` is true only when
// no attempt can have reached the service (refused connection, open breaker), never after a reset or a timeout.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ResilienceConfig, resolveResilienceConfig } from '../config.js';
import type { UpstreamRequest } from './types.js';
import { Upstream, UpstreamUnavailableError } from './upstream.js';

/** What the server does with each request, in order (the last one repeats). */
type Behaviour = 'answer' | 'reset' | 'reset-and-stop' | 'hang';

interface Server {
  url: string;
  /** Requests received, with their Idempotency-Key. */
  seen: Array<{ method: string; key: string | undefined }>;
  close(): Promise<void>;
}

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startServer(script: Behaviour[]): Promise<Server> {
  const seen: Server['seen'] = [];
  const server = http.createServer((req, res) => {
    const key = req.headers['idempotency-key'];
    seen.push({ method: req.method ?? '', key: typeof key === 'string' ? key : undefined });
    const behaviour = script[Math.min(seen.length, script.length) - 1];
    req.resume();
    req.on('end', () => {
      if (behaviour === 'reset') req.socket.destroy();
      else if (behaviour === 'reset-and-stop') {
        // The connection is cut and nothing listens any more: a retry is refused.
        server.close();
        server.closeAllConnections();
      } else if (behaviour === 'answer') {
        res.writeHead(200, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
        res.end(JSON.stringify({ cart: { lines: [] } }));
      }
      // hang: never answers
    });
  });
  servers.push(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, seen, close: async () => {} };
}

/** A port nobody listens on (bound, then released). */
async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function upstreamAt(baseUrl: string, overrides: Partial<ResilienceConfig> = {}): Upstream {
  return new Upstream({
    name: 'cart',
    baseUrl,
    config: resolveResilienceConfig({
      timeoutMs: 1000,
      retryAttempts: 2,
      retryInitialDelayMs: 1,
      retryMaxDelayMs: 5,
      breakerThreshold: 10,
      halfOpenAfterMs: 60_000,
      ...overrides,
    }),
    logger: { info: () => {}, warn: () => {} },
  });
}

const PUT: UpstreamRequest = { method: 'PUT', path: '/cart/lines/1', body: { quantity: 1 }, requestId: 'r' };

async function failure(call: Promise<unknown>): Promise<UpstreamUnavailableError> {
  const error = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpstreamUnavailableError);
  return error as UpstreamUnavailableError;
}

describe('keyed writes under the upstream policy', () => {
  it('retries a keyed write after a connection reset, sending the same key, and passes the replay on', async () => {
    const server = await startServer(['reset', 'answer']);
    const upstream = upstreamAt(server.url);
    const outcome = await upstream.request({ ...PUT, idempotencyKey: 'derived-key' });
    expect(outcome.response.status).toBe(200);
    expect(outcome.response.replayed).toBe(true);
    expect(server.seen).toEqual([
      { method: 'PUT', key: 'derived-key' },
      { method: 'PUT', key: 'derived-key' },
    ]);
    expect(upstream.snapshot().counts).toMatchObject({ retries: 1, failed: 1, successful: 1 });
  });

  it('retries a write idempotent by nature (`repeatable`) without sending a key', async () => {
    const server = await startServer(['reset', 'answer']);
    const outcome = await upstreamAt(server.url).request({ ...PUT, repeatable: true });
    expect(outcome.response.status).toBe(200);
    expect(server.seen).toEqual([
      { method: 'PUT', key: undefined },
      { method: 'PUT', key: undefined },
    ]);
  });

  it('never repeats an unkeyed write: a reset is a 503 that may have changed something', async () => {
    const server = await startServer(['reset', 'answer']);
    const error = await failure(upstreamAt(server.url).request(PUT));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason: 'upstream-error' });
    expect(error.certainlyNotSent).toBe(false);
    expect(server.seen).toHaveLength(1);
  });
});

describe('certainlyNotSent', () => {
  it('is true for a refused connection, on every attempt of a keyed write', async () => {
    const upstream = upstreamAt(await refusedUrl());
    const error = await failure(upstream.request({ ...PUT, idempotencyKey: 'k' }));
    expect(error.certainlyNotSent).toBe(true);
    expect(upstream.snapshot().counts).toMatchObject({ failed: 3, retries: 2 });
  });

  it('is true when the breaker is open: no attempt is made at all', async () => {
    const server = await startServer(['reset']);
    const upstream = upstreamAt(server.url, { breakerThreshold: 1, retryAttempts: 0 });
    expect((await failure(upstream.request(PUT))).certainlyNotSent).toBe(false);
    expect(upstream.state).toBe('open');
    const error = await failure(upstream.request({ ...PUT, idempotencyKey: 'k' }));
    expect(error).toMatchObject({ breaker: 'open', certainlyNotSent: true });
    expect(server.seen).toHaveLength(1);
  });

  it('is false after a timeout: the service may have made the change', async () => {
    const server = await startServer(['hang']);
    const upstream = upstreamAt(server.url, { timeoutMs: 100, retryAttempts: 0 });
    const error = await failure(upstream.request({ ...PUT, idempotencyKey: 'k' }));
    expect(error).toMatchObject({ reason: 'timeout', certainlyNotSent: false });
    expect(server.seen).toHaveLength(1);
  });

  it('stays false when a retry is refused after an attempt that may have arrived', async () => {
    const server = await startServer(['reset-and-stop']);
    const upstream = upstreamAt(server.url);
    const error = await failure(upstream.request({ ...PUT, idempotencyKey: 'k' }));
    expect(error.certainlyNotSent).toBe(false);
    expect(server.seen).toHaveLength(1);
    expect(upstream.snapshot().counts.retries).toBe(2);
  });
});
