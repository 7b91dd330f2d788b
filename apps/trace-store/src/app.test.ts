import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { expectEdgeErrors } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { INGEST_BODY_LIMIT } from './routes/ingest-routes.js';

const TRACE = 'ab'.repeat(16);

function exportOf(spans: unknown[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart-service' } }] },
        scopeSpans: [{ spans }],
      },
    ],
  };
}

function span(spanId: string, durationNs: number, traceId = TRACE) {
  return {
    traceId,
    spanId,
    name: `span ${spanId}`,
    kind: 2,
    startTimeUnixNano: 1_700_000_000_000_000_000,
    endTimeUnixNano: 1_700_000_000_000_000_000 + durationNs,
  };
}

function post(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}

describe('trace store routes', () => {
  let app: FastifyInstance;

  beforeEach(async () => {
    app = build({ limits: { maxSpansPerTrace: 2 } });
    await app.ready();
  });

  afterEach(async () => {
    await app.close();
  });

  it('answers OTLP partialSuccess: empty when all spans are kept, counted with reasons otherwise', async () => {
    const ok = await post(app, exportOf([span('0000000000000001', 1e6)]));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ partialSuccess: {} });

    const partial = await post(
      app,
      exportOf([span('0000000000000002', 1e6), span('bad', 1e6), span('0000000000000003', 1e6)]),
    );
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toEqual({
      partialSuccess: {
        rejectedSpans: 2,
        errorMessage: 'spanId is not 8 bytes of hex or base64; a trace has 2 spans already',
      },
    });
    expect(app.traceStore.get(TRACE)).toHaveLength(2);
  });

  it('lists slowest first with limit and minDurationMs from the query string', async () => {
    const traces = ['01', '02', '03'].map((n) => n.repeat(16));
    await post(app, exportOf(traces.map((traceId, i) => span('0000000000000001', (i + 1) * 10e6, traceId))));
    const all = await app.inject({ url: '/traces' });
    expect(all.statusCode).toBe(200);
    expect(all.json().traces.map((t: { traceId: string }) => t.traceId)).toEqual([...traces].reverse());
    expect(all.json().meta.requestId).toEqual(expect.any(String));
    const some = await app.inject({ url: '/traces?limit=1&minDurationMs=15' });
    expect(some.json().traces).toMatchObject([
      { traceId: traces[2], durationMs: expect.closeTo(30, 3), rootService: 'cart-service' },
    ]);
  });

  it('answers 404 TRACE_NOT_FOUND in the envelope for a trace it does not keep', async () => {
    const answer = await app.inject({ url: `/traces/${'cd'.repeat(16)}` });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({
      error: { code: 'TRACE_NOT_FOUND', message: expect.stringContaining('cd'.repeat(16)) },
      meta: expect.objectContaining({ requestId: expect.any(String) }),
    });
  });

  it.each([
    '/traces?limit=0',
    '/traces?limit=201',
    '/traces?limit=ten',
    '/traces?minDurationMs=-1',
    `/traces/${'AB'.repeat(16)}`,
    '/traces/abc',
  ])('answers 400 INVALID_REQUEST for %s', async (url) => {
    const answer = await app.inject({ url });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.code).toBe('INVALID_REQUEST');
  });

  it('refuses protobuf, text and unknown encodings with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const refused: Record<string, string>[] = [
      { 'content-type': 'application/x-protobuf' },
      { 'content-type': 'text/plain' },
      { 'content-encoding': 'br' },
    ];
    for (const headers of refused) {
      const answer = await post(app, '{}', headers);
      expect(answer.statusCode, JSON.stringify(headers)).toBe(415);
      expect(answer.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('answers 400 for a body that is not an export request, not JSON, or corrupt gzip', async () => {
    for (const body of ['[]', '{"resourceSpans":{}}', '{not json']) {
      const answer = await post(app, body);
      expect(answer.statusCode, body).toBe(400);
      expect(answer.json().error.code).toBe('INVALID_REQUEST');
    }
    const corrupt = await post(app, Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().error).toEqual({
      code: 'INVALID_REQUEST',
      message: 'The body is not valid gzip.',
      field: 'body',
    });
  });

  it('refuses more than 4 MiB with 413, counted after gunzip too', async () => {
    const big = JSON.stringify({ resourceSpans: [], pad: 'x'.repeat(INGEST_BODY_LIMIT) });
    const plain = await post(app, big);
    expect(plain.statusCode).toBe(413);
    expect(plain.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const zipped = gzipSync(big);
    expect(zipped.length).toBeLessThan(INGEST_BODY_LIMIT / 100);
    const bomb = await post(app, zipped, { 'content-encoding': 'gzip' });
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('takes a gzip export within the limit', async () => {
    const answer = await post(app, gzipSync(JSON.stringify(exportOf([span('0000000000000009', 1e6)]))), {
      'content-encoding': 'gzip',
    });
    expect(answer.statusCode).toBe(200);
    expect(app.traceStore.get(TRACE)).toHaveLength(1);
  });

  it('reports what it keeps on /health', async () => {
    await post(app, exportOf([span('0000000000000001', 1e6)]));
    const health = await app.inject({ url: '/health' });
    expect(health.json()).toEqual({ status: 'ok', service: 'trace-store', traces: 1, spans: 1 });
  });
});

describe('trace store: the errors Fastify and the HTTP parser raise (real socket)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = build();
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers each with the one envelope (404, 405, 400, 413, 414, 415, 431)', async () => {
    await expectEdgeErrors({
      port: (app.server.address() as AddressInfo).port,
      // A GET carries no body to parse, so the 405 is not preceded by the empty-JSON-body 400.
      knownPath: '/v1/traces',
      wrongMethod: 'GET',
      headers: { 'content-type': 'application/json' },
      body: { method: 'POST', path: '/v1/traces', limit: INGEST_BODY_LIMIT },
      paramPathPrefix: '/traces/',
    });
  });
});
