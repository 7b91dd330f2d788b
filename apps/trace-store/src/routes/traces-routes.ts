import { getTrace, TraceAnswer, TracesAnswer, TracesQuery } from '@storefront/contract';
import { definePlugin } from '@storefront/service-kit';
import { traceNotFound } from '../errors.js';

/** `GET /traces` (recent traces, slowest first) and `GET /traces/:traceId` (one trace's spans, by start). */
export const tracesRoutes = definePlugin(
  'trace-store-traces-routes',
  async (app) => {
    // The BFF asks each time /ops polls: only problems are worth a log line here (the BFF logs its own request).
    app.get<{ Querystring: TracesQuery }>(
      '/traces',
      { logLevel: 'warn', schema: { querystring: TracesQuery, response: { 200: TracesAnswer } } },
      async (request) => {
        const { limit = 50, minDurationMs = 0 } = request.query;
        return { traces: app.traceStore.list({ limit, minDurationMs }), meta: { requestId: request.id } };
      },
    );
    app.get<{ Params: { traceId: string } }>(
      '/traces/:traceId',
      { logLevel: 'warn', schema: { params: getTrace.schema.params, response: { 200: TraceAnswer } } },
      async (request) => {
        const { traceId } = request.params;
        const spans = app.traceStore.get(traceId);
        if (!spans) throw traceNotFound(traceId);
        return { trace: { traceId, spans }, meta: { requestId: request.id } };
      },
    );
  },
  { encapsulate: true, dependencies: ['trace-store-store'] },
);
