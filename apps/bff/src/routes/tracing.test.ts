// Issue 14's tracing acceptance, at the BFF: a request that arrives with a `traceparent` continues that trace —
// its log lines, its error answer's meta, its spans and the calls to the service all carry the trace id — and a
// call retried twice shows three attempts, each the HTTP client span of its request, with its own `traceparent`.
import { formatTraceparent, newTraceparent, parseTraceparent } from '@storefront/contract';
import { recordSpans, SpanKind, type SpanRecorder } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCatalog, startFakeCatalog } from '../test-support/fake-catalog.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';

interface LogLine {
  msg: string;
  traceId?: string;
}

let recorder: SpanRecorder;
let fake: FakeCatalog;
let app: FastifyInstance;
const logs: LogLine[] = [];

beforeAll(() => {
  recorder = recordSpans();
});
afterAll(() => recorder.stop());
afterEach(async () => {
  await app?.close();
  await fake?.close();
  logs.length = 0;
});

async function start(): Promise<void> {
  fake = await startFakeCatalog();
  app = buildOfflineBff({
    logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line) as LogLine) } },
    upstreams: {
      catalog: {
        baseUrl: fake.url,
        resilience: { retryAttempts: 2, retryInitialDelayMs: 5, retryMaxDelayMs: 20, breakerThreshold: 10 },
      },
    },
  });
  await app.ready();
}

/** The spans of `traceId` once the request's own span has ended (it ends after the answer is sent). */
async function spansOf(traceId: string, requestSpan: string) {
  await expect.poll(() => recorder.trace(traceId).some((span) => span.name === requestSpan)).toBe(true);
  return recorder.trace(traceId);
}

describe('tracing through the BFF', () => {
  it('continues the caller’s trace through three attempts to the service, in spans, logs and calls', async () => {
    await start();
    fake.faults.set('GET /products', 'fail', 2);
    const caller = newTraceparent();
    const reply = await app.inject({
      url: '/api/catalog/products',
      headers: { traceparent: formatTraceparent(caller) },
    });
    expect(reply.statusCode).toBe(200);
    expect(parseTraceparent(String(reply.headers.traceresponse))?.traceId).toBe(caller.traceId);

    const spans = await spansOf(caller.traceId, 'GET /api/catalog/products');
    const named = (name: string) => spans.filter((span) => span.name === name);
    const [request] = named('GET /api/catalog/products');
    expect(request?.parentSpanContext?.spanId).toBe(caller.spanId);
    const [call] = named('catalog GET');
    expect(call).toBeDefined();
    const attempts = spans.filter((span) => span.name.startsWith('catalog attempt '));
    expect(attempts.map((span) => span.name).sort()).toEqual([
      'catalog attempt 1',
      'catalog attempt 2',
      'catalog attempt 3',
    ]);
    for (const attempt of attempts)
      expect(attempt.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
    expect(attempts.filter((span) => span.status.code === 2)).toHaveLength(2);
    expect(
      call?.events.filter((event) => event.name === 'retry').map((event) => event.attributes?.attempt),
    ).toEqual([2, 3]);

    // Each attempt is the client span of its request: it went out with the attempt span's id as the parent, in
    // the caller's trace (and no second client span from the undici instrumentation).
    const reached = fake.hits.filter((hit) => hit.url.startsWith('/products'));
    expect(reached).toHaveLength(3);
    for (const attempt of attempts) expect(attempt.kind).toBe(SpanKind.CLIENT);
    expect(
      spans.filter((span) => attempts.some((a) => a.spanContext().spanId === span.parentSpanContext?.spanId)),
    ).toEqual([]);
    for (const hit of reached) {
      const sent = parseTraceparent(hit.traceparent);
      expect(sent?.traceId).toBe(caller.traceId);
      expect(attempts.some((attempt) => attempt.spanContext().spanId === sent?.spanId)).toBe(true);
    }
    expect(new Set(reached.map((hit) => parseTraceparent(hit.traceparent)?.spanId)).size).toBe(3);

    // "request completed" is written once the answer has gone out.
    const lines = () => logs.filter((line) => line.traceId === caller.traceId).map((line) => line.msg);
    await expect.poll(lines).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
  });

  it('names the trace in an error answer’s meta, and starts one when the caller sent none or a bad one', async () => {
    await start();
    fake.mode = 'fail';
    const caller = newTraceparent();
    const failed = await app.inject({
      url: '/api/catalog/products/no-such-copy',
      headers: { traceparent: formatTraceparent(caller) },
    });
    expect(failed.statusCode).toBe(503);
    expect(failed.json()).toMatchObject({ meta: { requestId: expect.any(String), traceId: caller.traceId } });
    await spansOf(caller.traceId, 'GET /api/catalog/products/:idOrSlug');
    const call = recorder.trace(caller.traceId).find((span) => span.name === 'catalog GET');
    expect(call?.status.code).toBe(2);

    for (const traceparent of [undefined, 'garbage', `00-${'0'.repeat(32)}-${'1'.repeat(16)}-01`]) {
      const reply = await app.inject({
        url: '/api/catalog/products/no-such-copy',
        headers: traceparent === undefined ? {} : { traceparent },
      });
      const traceId = reply.json<{ meta: { traceId: string } }>().meta.traceId;
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(traceId).not.toBe('0'.repeat(32));
      await expect
        .poll(() => logs.some((line) => line.traceId === traceId && line.msg === 'request completed'))
        .toBe(true);
    }
  });
});
