import {
  getTrace,
  listTraces,
  problemsOf,
  TraceAnswer,
  TracesAnswer,
  type TSchema,
} from '@storefront/contract';
import { ApiError } from '@storefront/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRecord } from '../clients/service-answer.js';
import {
  type TraceStoreAnswer,
  type TraceStoreClient,
  traceStoreUnavailable,
} from '../clients/trace-store-client.js';
import { defineRoutes } from '../http/define-routes.js';

export interface TraceRoutesOptions {
  store: TraceStoreClient;
}

/**
 * The store's 200 with this request's id in `meta`, once it fits the contract: a store of another version must
 * not make the BFF send what the console cannot read (nor fail in the serializer as a 500).
 */
function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  result: TraceStoreAnswer,
  schema: TSchema,
): FastifyReply {
  if (result.status === 404) {
    const error = isRecord(result.body) && isRecord(result.body.error) ? result.body.error : {};
    const message = typeof error.message === 'string' ? error.message : 'No such trace in the store';
    throw new ApiError(404, 'TRACE_NOT_FOUND', message);
  }
  if (result.status !== 200) throw traceStoreUnavailable(`it answered HTTP ${result.status}`);
  const body = isRecord(result.body) ? { ...result.body, meta: { requestId: request.id } } : result.body;
  const problems = problemsOf(schema, body);
  if (problems.length > 0) {
    request.log.warn({ problems: problems.slice(0, 5) }, 'the trace store answered an unexpected shape');
    throw traceStoreUnavailable('it answered in an unexpected shape');
  }
  return reply.code(200).send(body);
}

/**
 * `GET /api/ops/traces` and `GET /api/ops/traces/:traceId`: the local trace store's recent traces and one trace's
 * spans, read-only like `/api/ops/processes` (same access: the ops console's reads are not loopback-only).
 */
export const traceRoutes = defineRoutes<TraceRoutesOptions>('trace-routes', async (api, { store }) => {
  api.route({
    ...listTraces,
    handler: async (request, reply) =>
      answer(request, reply, await store.traces(request.query), TracesAnswer),
  });
  api.route({
    ...getTrace,
    handler: async (request, reply) =>
      answer(request, reply, await store.trace(request.params.traceId), TraceAnswer),
  });
});
