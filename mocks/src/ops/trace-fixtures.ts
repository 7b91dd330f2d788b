// The local trace store's mocked answers (`GET /api/ops/traces`, `GET /api/ops/traces/:traceId`): a catalog read
// through the shell host, the BFF and the catalog service, and a cart read whose call failed once (a retry), then
// was answered from the BFF's saved copy. Times are relative to the moment the list is asked for.
import type { TraceSpan, TraceSummary } from '@storefront/contract/browser';

/** The cart read with a retry and a saved copy (the console's tests open it). */
export const SEED_CART_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CATALOG_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

type SpanSeed = Omit<TraceSpan, 'traceId' | 'startMs' | 'attributes' | 'events' | 'kind'> & {
  kind?: TraceSpan['kind'];
  /** Milliseconds after the trace's start. */
  atMs: number;
  events?: Array<{ name: string; atMs: number; attributes: TraceSpan['attributes'] }>;
};

const SEEDS: Record<string, { agoMs: number; spans: SpanSeed[] }> = {
  [SEED_CART_TRACE]: {
    agoMs: 8_000,
    spans: [
      {
        spanId: '1000000000000001',
        name: 'GET /api/cart',
        service: 'shell-host',
        kind: 'server',
        atMs: 0,
        durationMs: 186.4,
        status: 'unset',
      },
      {
        spanId: '1000000000000002',
        parentSpanId: '1000000000000001',
        name: 'GET /api/cart',
        service: 'bff-1',
        kind: 'server',
        atMs: 2.1,
        durationMs: 181.9,
        status: 'unset',
        events: [{ name: 'saved-copy', atMs: 180.2, attributes: { reason: 'http-500' } }],
      },
      {
        spanId: '1000000000000003',
        parentSpanId: '1000000000000002',
        name: 'GET',
        service: 'bff-1',
        kind: 'client',
        atMs: 4,
        durationMs: 175.5,
        status: 'error',
        statusMessage: 'HTTP 500',
        events: [{ name: 'retry', atMs: 21.3, attributes: { attempt: 1, delayMs: 104 } }],
      },
      {
        spanId: '1000000000000004',
        parentSpanId: '1000000000000003',
        name: 'GET /cart',
        service: 'cart-service',
        kind: 'server',
        atMs: 6.2,
        durationMs: 12.8,
        status: 'error',
      },
      {
        spanId: '1000000000000005',
        parentSpanId: '1000000000000003',
        name: 'GET /cart',
        service: 'cart-service',
        kind: 'server',
        atMs: 128.4,
        durationMs: 49.7,
        status: 'error',
      },
    ],
  },
  [CATALOG_TRACE]: {
    agoMs: 3_000,
    spans: [
      {
        spanId: '2000000000000001',
        name: 'GET /api/catalog/products',
        service: 'shell-host',
        kind: 'server',
        atMs: 0,
        durationMs: 24.6,
        status: 'unset',
      },
      {
        spanId: '2000000000000002',
        parentSpanId: '2000000000000001',
        name: 'GET /api/catalog/products',
        service: 'bff-2',
        kind: 'server',
        atMs: 1.4,
        durationMs: 21.8,
        status: 'unset',
      },
      {
        spanId: '2000000000000003',
        parentSpanId: '2000000000000002',
        name: 'GET',
        service: 'bff-2',
        kind: 'client',
        atMs: 2.5,
        durationMs: 18.9,
        status: 'unset',
      },
      {
        spanId: '2000000000000004',
        parentSpanId: '2000000000000003',
        name: 'GET /products',
        service: 'catalog-service',
        kind: 'server',
        atMs: 4.1,
        durationMs: 14.2,
        status: 'ok',
      },
    ],
  },
};

/** One seeded trace's spans, dated from `now`; undefined for an unknown id. */
export function traceSpans(traceId: string, now = Date.now()): TraceSpan[] | undefined {
  const seed = SEEDS[traceId];
  if (!seed) return undefined;
  const start = now - seed.agoMs;
  return seed.spans.map(({ atMs, events = [], kind = 'internal', ...span }) => ({
    ...span,
    traceId,
    kind,
    startMs: start + atMs,
    attributes: { 'service.name': span.service },
    events: events.map((event) => ({ ...event, atMs: start + event.atMs })),
  }));
}

/** The list the store answers: every seeded trace summarised, slowest first, at most `limit`. */
export function traceSummaries(limit = 50, minDurationMs = 0, now = Date.now()): TraceSummary[] {
  return Object.keys(SEEDS)
    .map((traceId): TraceSummary => {
      const spans = traceSpans(traceId, now) ?? [];
      const start = Math.min(...spans.map((span) => span.startMs));
      const end = Math.max(...spans.map((span) => span.startMs + span.durationMs));
      const root = spans.find((span) => span.parentSpanId === undefined) ?? spans[0];
      return {
        traceId,
        rootName: root?.name ?? '',
        rootService: root?.service ?? '',
        startedAt: new Date(start).toISOString(),
        durationMs: Math.round((end - start) * 10) / 10,
        spanCount: spans.length,
        services: [...new Set(spans.map((span) => span.service))],
        error: spans.some((span) => span.status === 'error'),
      };
    })
    .filter((trace) => trace.durationMs >= minDurationMs)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, limit);
}
