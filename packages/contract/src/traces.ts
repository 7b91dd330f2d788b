// Recent traces, as the local trace store keeps them (apps/trace-store) and `/ops` shows them: a list of recent
// requests with their duration, and one trace's spans for the waterfall. The BFF forwards both to the store.
import { errorResponse, Meta } from './common.js';
import { defineRoute, type Static, StringEnum, Type } from './schema.js';

/** How a span ended (OpenTelemetry's status codes, by name). */
export const SPAN_STATUSES = ['unset', 'ok', 'error'] as const;
/** OpenTelemetry's span kinds, by name. */
export const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;

/** A span or event attribute value, flattened (arrays joined by ", "). */
export const AttributeValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
export const Attributes = Type.Record(Type.String(), AttributeValue);

/** Something that happened at one instant of a span (a retry scheduled, a short-circuit, a saved copy served). */
export const TraceSpanEvent = Type.Object({
  name: Type.String(),
  atMs: Type.Number({ description: 'epoch milliseconds (fractional)' }),
  attributes: Attributes,
});
export type TraceSpanEvent = Static<typeof TraceSpanEvent>;

/** One span of a trace. */
export const TraceSpan = Type.Object({
  traceId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  spanId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  parentSpanId: Type.Optional(Type.String({ pattern: '^[0-9a-f]{16}$' })),
  name: Type.String(),
  service: Type.String({ description: "the exporting process's service.name, e.g. bff-1, catalog-service" }),
  kind: StringEnum(SPAN_KINDS),
  startMs: Type.Number({ description: 'epoch milliseconds (fractional)' }),
  durationMs: Type.Number({ minimum: 0 }),
  status: StringEnum(SPAN_STATUSES),
  statusMessage: Type.Optional(Type.String()),
  attributes: Attributes,
  events: Type.Array(TraceSpanEvent),
});
export type TraceSpan = Static<typeof TraceSpan>;

/** One recent trace in the list. */
export const TraceSummary = Type.Object({
  traceId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  rootName: Type.String({
    description: "the earliest span without a parent in the store, e.g. 'GET /api/cart'",
  }),
  rootService: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  durationMs: Type.Number({ minimum: 0, description: 'first span start to last span end' }),
  spanCount: Type.Integer({ minimum: 1 }),
  services: Type.Array(Type.String()),
  error: Type.Boolean({ description: 'some span ended with status error' }),
});
export type TraceSummary = Static<typeof TraceSummary>;

export const TracesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  minDurationMs: Type.Optional(Type.Number({ minimum: 0, default: 0 })),
});
export type TracesQuery = Static<typeof TracesQuery>;

export const TracesAnswer = Type.Object(
  { traces: Type.Array(TraceSummary), meta: Meta },
  { description: 'Recent traces, slowest first' },
);
export type TracesAnswer = Static<typeof TracesAnswer>;

export const TraceAnswer = Type.Object(
  { trace: Type.Object({ traceId: Type.String(), spans: Type.Array(TraceSpan) }), meta: Meta },
  { description: "One trace's spans, by start time" },
);
export type TraceAnswer = Static<typeof TraceAnswer>;

const STORE_ERRORS = {
  503: errorResponse(
    'TRACE_STORE_UNAVAILABLE: no local trace store runs with this stack, or it does not answer',
  ),
} as const;

export const listTraces = defineRoute({
  method: 'GET',
  url: '/api/ops/traces',
  schema: {
    description: "Recent traces from the local trace store, slowest first (the store's GET /traces).",
    tags: ['ops'],
    querystring: TracesQuery,
    response: {
      200: TracesAnswer,
      400: errorResponse('INVALID_REQUEST: limit or minDurationMs out of bounds (param names it)'),
      ...STORE_ERRORS,
    },
  },
});

export const getTrace = defineRoute({
  method: 'GET',
  url: '/api/ops/traces/:traceId',
  schema: {
    description:
      "One trace's spans from every process, for the waterfall (the store's GET /traces/:traceId).",
    tags: ['ops'],
    params: Type.Object({ traceId: Type.String({ pattern: '^[0-9a-f]{32}$' }) }),
    response: {
      200: TraceAnswer,
      400: errorResponse('INVALID_REQUEST: the trace id is not 32 lower-case hex digits (param: traceId)'),
      404: errorResponse('TRACE_NOT_FOUND'),
      ...STORE_ERRORS,
    },
  },
});

export const traceRoutes = [listTraces, getTrace] as const;
