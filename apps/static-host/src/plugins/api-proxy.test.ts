import { createServer } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { createTempRoot, SITE_FILES, type TempRoot } from '../test-support/temp-root.js';

/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

/** A port that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('/api proxy', () => {
  let root: TempRoot;
  let upstream: FastifyInstance;
  let host: FastifyInstance;
  let seen: { url: string; requestId: string | undefined; forwardedFor: string | undefined }[];
  let unavailableHits = 0;

  beforeAll(async () => {
    seen = [];
    root = createTempRoot(SITE_FILES);
    upstream = Fastify({ logger: false });
    upstream.get('/api/catalog/products', async (request, reply) => {
      const requestId = request.headers['x-request-id'];
      const forwardedFor = request.headers['x-forwarded-for'];
      seen.push({
        url: request.url,
        requestId: typeof requestId === 'string' ? requestId : undefined,
        forwardedFor: typeof forwardedFor === 'string' ? forwardedFor : undefined,
      });
      reply
        .code(200)
        .header('x-request-id', requestId)
        .header('storefront-degraded', 'catalog; reason=circuit-open')
        .header('retry-after', '4');
      return { items: [], meta: { requestId, degraded: { service: 'catalog', reason: 'circuit-open' } } };
    });
    upstream.get('/api/catalog/categories', async (_request, reply) => {
      unavailableHits += 1;
      reply.code(503).header('retry-after', '1');
      return { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'catalog is unavailable' } };
    });
    upstream.get('/api/catalog/products/:id', async (_request, reply) => {
      reply.code(404);
      return { error: { code: 'PRODUCT_NOT_FOUND', message: 'no such product' } };
    });
    const address = await upstream.listen({ port: 0, host: '127.0.0.1' });
    host = build({ root: root.dir, name: 'shell', cors: false, spa: true, apiProxy: address, logger: false });
    await host.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await Promise.all([host.close(), upstream.close()]);
    root.remove();
  });

  it('keeps the path and query, forwards x-request-id and passes every response header through', async () => {
    const res = await fetch(`${hostUrl(host)}/api/catalog/products?q=lamp&page=2`, {
      headers: { 'x-request-id': 'req-123', accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(res.headers.get('storefront-degraded')).toBe('catalog; reason=circuit-open');
    expect(res.headers.get('retry-after')).toBe('4');
    const body: unknown = await res.json();
    expect(body).toMatchObject({ meta: { requestId: 'req-123' } });
    expect(seen.at(-1)).toEqual({
      url: '/api/catalog/products?q=lamp&page=2',
      requestId: 'req-123',
      forwardedFor: '127.0.0.1',
    });
  });

  it('sends its own request id along when the caller sent none, so both processes log the same one', async () => {
    const res = await fetch(`${hostUrl(host)}/api/catalog/products`);
    expect(res.status).toBe(200);
    const sent = seen.at(-1)?.requestId;
    expect(sent).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(sent);
  });

  it('appends the client address to a forged x-forwarded-for instead of trusting it', async () => {
    await fetch(`${hostUrl(host)}/api/catalog/products`, { headers: { 'x-forwarded-for': '127.0.0.9' } });
    expect(seen.at(-1)?.forwardedFor).toBe('127.0.0.9, 127.0.0.1');
  });

  it('passes upstream error statuses and bodies through unchanged', async () => {
    const res = await fetch(`${hostUrl(host)}/api/catalog/products/nope`, {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'PRODUCT_NOT_FOUND', message: 'no such product' } });
  });

  it('passes a 503 through once, without retrying it (the BFF decides what is safe to retry)', async () => {
    const res = await fetch(`${hostUrl(host)}/api/catalog/categories`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(unavailableHits).toBe(1);
  });

  it('refuses a body over 1 MiB at the edge with 413 PAYLOAD_TOO_LARGE in the envelope, never a 502', async () => {
    const res = await fetch(`${hostUrl(host)}/api/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 1, filler: 'a'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE' },
      meta: { requestId: expect.any(String) },
    });
  });

  it('answers 502 BFF_UNAVAILABLE (JSON, not HTML) when the BFF is unreachable', async () => {
    const port = await closedPort();
    const lonely = build({
      root: root.dir,
      name: 'shell',
      cors: false,
      spa: true,
      apiProxy: `http://127.0.0.1:${port}`,
      logger: false,
    });
    await lonely.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${hostUrl(lonely)}/api/catalog/products`, {
        headers: { accept: 'text/html' },
      });
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({
        error: { code: 'BFF_UNAVAILABLE', message: expect.any(String) },
        meta: { requestId: res.headers.get('x-request-id'), traceId: TRACE_ID },
      });
    } finally {
      await lonely.close();
    }
  });
});

function hostUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}
