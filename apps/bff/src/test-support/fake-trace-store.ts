// A local trace store on a real port for the BFF's trace routes: it answers the store's read API (apps/trace-store)
// with what a test sets, and records what it was asked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TraceSpan, TraceSummary } from '@storefront/contract';

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A catalog read through the BFF: the BFF's server span, its client call (retried once) and the service's span. */
export function sampleSpans(traceId = TRACE_ID): TraceSpan[] {
  const start = 1_767_225_600_000;
  const span = (patch: Partial<TraceSpan> & Pick<TraceSpan, 'spanId' | 'name' | 'service'>): TraceSpan => ({
    traceId,
    kind: 'internal',
    startMs: start,
    durationMs: 10,
    status: 'unset',
    attributes: {},
    events: [],
    ...patch,
  });
  return [
    span({
      spanId: 'a1a1a1a1a1a1a1a1',
      name: 'GET /api/catalog/products',
      service: 'bff-1',
      kind: 'server',
      durationMs: 42.5,
    }),
    span({
      spanId: 'b2b2b2b2b2b2b2b2',
      parentSpanId: 'a1a1a1a1a1a1a1a1',
      name: 'GET',
      service: 'bff-1',
      kind: 'client',
      startMs: start + 1,
      durationMs: 40,
      events: [{ name: 'retry', atMs: start + 12, attributes: { attempt: 1 } }],
    }),
    span({
      spanId: 'c3c3c3c3c3c3c3c3',
      parentSpanId: 'b2b2b2b2b2b2b2b2',
      name: 'GET /products',
      service: 'catalog-service',
      kind: 'server',
      startMs: start + 15,
      durationMs: 20,
    }),
  ];
}

export function sampleSummary(traceId = TRACE_ID): TraceSummary {
  return {
    traceId,
    rootName: 'GET /api/catalog/products',
    rootService: 'bff-1',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 42.5,
    spanCount: 3,
    services: ['bff-1', 'catalog-service'],
    error: false,
  };
}

/** What the fake answers next: a status and a JSON body (or raw text), per path. */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

export interface FakeTraceStore {
  url: string;
  /** Each request's path and query, in order. */
  requests: string[];
  /** Replaces the answer of `GET /traces` (`list`) or of any `GET /traces/:id` (`one`). */
  answers: { list: FakeAnswer | string; one: FakeAnswer | string };
  close(): Promise<void>;
}

/** Starts the fake store on a free loopback port: the sample summary and, for TRACE_ID, its spans. */
export async function startFakeTraceStore(): Promise<FakeTraceStore> {
  const requests: string[] = [];
  const answers: FakeTraceStore['answers'] = {
    list: { status: 200, body: { traces: [sampleSummary()], meta: { requestId: 'store-1' } } },
    one: {
      status: 200,
      body: { trace: { traceId: TRACE_ID, spans: sampleSpans() }, meta: { requestId: 'store-2' } },
    },
  };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const path = url.split('?')[0] ?? '';
    const answer: FakeAnswer | string =
      path === '/traces'
        ? answers.list
        : path === `/traces/${TRACE_ID}`
          ? answers.one
          : {
              status: 404,
              body: {
                error: { code: 'TRACE_NOT_FOUND', message: 'No trace with that id' },
                meta: { requestId: 's' },
              },
            };
    if (typeof answer === 'string') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
