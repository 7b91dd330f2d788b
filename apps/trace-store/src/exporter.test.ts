// The store fed by the real OpenTelemetry exporter (OTLP/HTTP JSON, as every process of the stack sends it): what
// goes in through POST /v1/traces comes back out of GET /traces and GET /traces/:traceId in the contract's shape.
import type { AddressInfo } from 'node:net';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TraceAnswer, TracesAnswer } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from './app.js';

function providerFor(url: string, service: string): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url }))],
  });
}

describe('trace store fed by the real OTLP/HTTP JSON exporter', () => {
  let app: FastifyInstance;
  let url: string;
  const encodings: string[] = [];

  beforeAll(async () => {
    app = build();
    app.addHook('onRequest', async (request) => {
      if (request.method === 'POST') encodings.push(request.headers['content-encoding'] ?? 'identity');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/traces`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps a parent and a child span with their ids, service, kinds, times, attributes and events', async () => {
    const provider = providerFor(url, 'bff-1');
    const tracer = provider.getTracer('trace-store-test');
    const parent = tracer.startSpan('GET /api/cart', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
    });
    const child = tracer.startSpan(
      'cart GET /cart',
      { kind: SpanKind.CLIENT, attributes: { attempt: 2, retried: true, tags: ['a', 'b'] } },
      trace.setSpan(context.active(), parent),
    );
    child.addEvent('retry scheduled', { delayMs: 50.5 });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream 503' });
    child.end();
    parent.end();
    await provider.forceFlush();
    await provider.shutdown();

    const { traceId } = parent.spanContext();
    const list = await app.inject({ url: '/traces' });
    expect(list.statusCode).toBe(200);
    const { traces } = list.json<TracesAnswer>();
    const summary = traces.find((t) => t.traceId === traceId);
    expect(summary).toMatchObject({
      rootName: 'GET /api/cart',
      rootService: 'bff-1',
      spanCount: 2,
      services: ['bff-1'],
      error: true,
    });
    expect(summary?.durationMs).toBeGreaterThanOrEqual(0);

    const one = await app.inject({ url: `/traces/${traceId}` });
    expect(one.statusCode).toBe(200);
    const answer = one.json<TraceAnswer>();
    expect(answer.trace.traceId).toBe(traceId);
    expect(answer.meta.requestId).toEqual(expect.any(String));
    const [first, second] = answer.trace.spans;
    expect(first).toMatchObject({
      traceId,
      spanId: parent.spanContext().spanId,
      name: 'GET /api/cart',
      service: 'bff-1',
      kind: 'server',
      status: 'unset',
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
      events: [],
    });
    expect(first?.parentSpanId).toBeUndefined();
    expect(second).toMatchObject({
      traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: parent.spanContext().spanId,
      service: 'bff-1',
      kind: 'client',
      status: 'error',
      statusMessage: 'upstream 503',
      attributes: { attempt: 2, retried: true, tags: 'a, b' },
      events: [{ name: 'retry scheduled', attributes: { delayMs: 50.5 } }],
    });
    // Times are epoch milliseconds: the child starts within its parent and its event within itself.
    const now = Date.now();
    for (const span of [first, second]) {
      expect(span?.startMs).toBeGreaterThan(now - 60_000);
      expect(span?.startMs).toBeLessThanOrEqual(now);
      expect(span?.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(second?.startMs).toBeGreaterThanOrEqual(first?.startMs ?? Number.NaN);
    expect(second?.events[0]?.atMs).toBeGreaterThanOrEqual(second?.startMs ?? Number.NaN);
    expect(summary?.durationMs).toBeCloseTo(first?.durationMs ?? Number.NaN, 3);
  });

  it('joins the spans of two processes into one trace, and takes a gzip export', async () => {
    const shell = providerFor(url, 'shell-host');
    const shellSpan = shell.getTracer('t').startSpan('GET /api/products', { kind: SpanKind.SERVER });
    // The exporter reads its compression from the environment, as a process of the stack would.
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'gzip');
    const catalog = providerFor(url, 'catalog-service');
    vi.unstubAllEnvs();
    const catalogSpan = catalog
      .getTracer('t')
      .startSpan('GET /products', { kind: SpanKind.SERVER }, trace.setSpan(context.active(), shellSpan));
    catalogSpan.end();
    shellSpan.end();
    await Promise.all([shell.forceFlush(), catalog.forceFlush()]);
    await Promise.all([shell.shutdown(), catalog.shutdown()]);

    expect(encodings).toContain('gzip');
    const { traceId } = shellSpan.spanContext();
    const answer = (await app.inject({ url: `/traces/${traceId}` })).json<TraceAnswer>();
    expect(answer.trace.spans.map((s) => [s.service, s.name])).toEqual([
      ['shell-host', 'GET /api/products'],
      ['catalog-service', 'GET /products'],
    ]);
    const { traces } = (await app.inject({ url: '/traces?limit=200' })).json<TracesAnswer>();
    expect(traces.find((t) => t.traceId === traceId)).toMatchObject({
      rootService: 'shell-host',
      services: ['shell-host', 'catalog-service'],
      spanCount: 2,
      error: false,
    });
  });
});
