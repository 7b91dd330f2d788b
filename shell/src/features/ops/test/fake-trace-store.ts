import type { TraceAnswer, TraceSpan, TraceSummary, TracesAnswer } from '@storefront/contract';
import { type HttpHandler, HttpResponse, http } from 'msw';

export const CART_TRACE = '0af7651916cd43dd8448eb211c80319c';
export const CATALOG_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

const START = Date.parse('2025-05-01T12:00:00.000Z');

/** A span of `traceId`, unset status and no event unless `patch` says otherwise. */
export function spanOf(
  traceId: string,
  patch: Partial<TraceSpan> & Pick<TraceSpan, 'spanId' | 'name' | 'service'>,
): TraceSpan {
  return {
    traceId,
    kind: 'internal',
    startMs: START,
    durationMs: 10,
    status: 'unset',
    attributes: {},
    events: [],
    ...patch,
  };
}

/**
 * `GET /api/cart` through the shell host and the BFF, whose call to the cart service failed once (a retry) and
 * then answered from the saved copy: 100 ms in all.
 */
export function cartSpans(): TraceSpan[] {
  const span = (patch: Parameters<typeof spanOf>[1]) => spanOf(CART_TRACE, patch);
  return [
    span({
      spanId: '1000000000000001',
      name: 'GET /api/cart',
      service: 'shell-host',
      kind: 'server',
      durationMs: 100,
    }),
    span({
      spanId: '1000000000000002',
      parentSpanId: '1000000000000001',
      name: 'GET /api/cart',
      service: 'bff-1',
      kind: 'server',
      startMs: START + 10,
      durationMs: 80,
      events: [{ name: 'saved-copy', atMs: START + 85, attributes: { reason: 'http-500' } }],
    }),
    span({
      spanId: '1000000000000003',
      parentSpanId: '1000000000000002',
      name: 'GET',
      service: 'bff-1',
      kind: 'client',
      startMs: START + 20,
      durationMs: 50,
      status: 'error',
      statusMessage: 'HTTP 500',
      events: [{ name: 'retry', atMs: START + 45, attributes: { attempt: 1, delayMs: 100 } }],
    }),
    span({
      spanId: '1000000000000004',
      parentSpanId: '1000000000000003',
      name: 'GET /cart',
      service: 'cart-service',
      kind: 'server',
      startMs: START + 25,
      durationMs: 15,
      status: 'error',
    }),
  ];
}

export function summaryOf(traceId: string, patch: Partial<TraceSummary> = {}): TraceSummary {
  return {
    traceId,
    rootName: 'GET /api/catalog/products',
    rootService: 'shell-host',
    startedAt: '2025-05-01T12:00:00.000Z',
    durationMs: 12,
    spanCount: 3,
    services: ['shell-host', 'bff-1', 'catalog-service'],
    error: false,
    ...patch,
  };
}

function seed(): TraceSummary[] {
  return [
    summaryOf(CATALOG_TRACE),
    summaryOf(CART_TRACE, {
      rootName: 'GET /api/cart',
      durationMs: 100,
      spanCount: 4,
      services: ['shell-host', 'bff-1', 'cart-service'],
      error: true,
    }),
  ];
}

const envelope = (code: string, message: string) => ({
  error: { code, message },
  meta: { requestId: 'test' },
});

/**
 * The trace routes of the BFF, driven by the tests: `traces` is what the next poll answers (in the order given),
 * `spans` what a trace read answers per trace id (404 TRACE_NOT_FOUND for others); `running = false` answers 503
 * TRACE_STORE_UNAVAILABLE. `polls` and `reads` count the requests.
 */
export class FakeTraceStore {
  traces = seed();
  spans: Record<string, TraceSpan[]> = { [CART_TRACE]: cartSpans() };
  running = true;
  polls = 0;
  reads: string[] = [];

  reset(): void {
    this.traces = seed();
    this.spans = { [CART_TRACE]: cartSpans() };
    this.running = true;
    this.polls = 0;
    this.reads = [];
  }

  handlers(): HttpHandler[] {
    const down = () =>
      HttpResponse.json(envelope('TRACE_STORE_UNAVAILABLE', 'No trace store'), {
        status: 503,
        headers: { 'Retry-After': '1' },
      });
    return [
      http.get('*/api/ops/traces', () => {
        this.polls += 1;
        if (!this.running) return down();
        return HttpResponse.json<TracesAnswer>({ traces: this.traces, meta: { requestId: 'test' } });
      }),
      http.get('*/api/ops/traces/:traceId', ({ params }) => {
        const traceId = String(params.traceId);
        this.reads.push(traceId);
        if (!this.running) return down();
        const spans = this.spans[traceId];
        if (!spans) return HttpResponse.json(envelope('TRACE_NOT_FOUND', 'No such trace'), { status: 404 });
        return HttpResponse.json<TraceAnswer>({ trace: { traceId, spans }, meta: { requestId: 'test' } });
      }),
    ];
  }
}
