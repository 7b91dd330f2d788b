import {
  cancelScenario,
  clearAllFaults,
  clearFault,
  type HttpMethod,
  injectFault,
  listFaults,
  listFaultTypes,
  listScenarios,
  runScenario,
} from '@storefront/contract';
import { ApiError, loopbackOnlyPlugin, toApiError } from '@storefront/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultProxyClient } from '../clients/fault-proxy-client.js';
import { isRecord } from '../clients/service-answer.js';
import { defineRoutes } from '../http/define-routes.js';

export interface FaultRoutesOptions {
  client: FaultProxyClient;
}

/** Adds `meta.requestId` to a JSON object answer, as every BFF body carries it. */
function withRequestId(body: unknown, requestId: string): unknown {
  if (!isRecord(body)) return body;
  const meta = isRecord(body.meta) ? body.meta : {};
  return { ...body, meta: { ...meta, requestId } };
}

/**
 * A schema failure answered as the fault proxy would (it owns the fault types and checks the rest): a bad path
 * parameter is `unknownParam`, a bad body the one validation code naming the field.
 */
function checkValidation(request: FastifyRequest, unknownParam: ApiError): void {
  const error = request.validationError;
  if (!error) return;
  if (error.validationContext === 'params') throw unknownParam;
  throw toApiError(error, request);
}

const unknownTarget = () => new ApiError(404, 'UNKNOWN_TARGET', 'No such fault target');
const unknownScenario = () => new ApiError(404, 'UNKNOWN_SCENARIO', 'No such scenario');

/**
 * The fault proxy's control API under `/api/faults` (demo mode only, loopback callers only). Answers pass
 * through with their status, checked on the way out by the contract's response schemas; an unreachable control
 * API is 503 FAULT_PROXY_UNAVAILABLE. The fault types and their options are the fault proxy's to check.
 */
export const faultRoutes = defineRoutes<FaultRoutesOptions>('fault-routes', async (api, { client }) => {
  await api.register(loopbackOnlyPlugin, { what: 'The fault API' });

  /** One call to the control API, answered with its status and body as they are (plus meta.requestId). */
  async function forward(
    request: FastifyRequest,
    reply: FastifyReply,
    method: HttpMethod,
    path: string,
    body?: unknown,
  ): Promise<FastifyReply> {
    const answer = await client.call(method, path, { body, requestId: request.id });
    reply.code(answer.status);
    if (answer.body === undefined) return reply.send();
    return reply.type('application/json; charset=utf-8').send(withRequestId(answer.body, request.id));
  }

  const targetPath = (target: string) => `/faults/${encodeURIComponent(target)}`;

  api.route({
    ...listFaults,
    handler: async (request, reply) => forward(request, reply, 'GET', '/faults'),
  });

  api.route({
    ...listFaultTypes,
    handler: async (request, reply) => forward(request, reply, 'GET', '/faults/types'),
  });

  api.route({
    ...injectFault,
    attachValidation: true,
    handler: async (request, reply) => {
      checkValidation(request, unknownTarget());
      return forward(request, reply, 'PUT', targetPath(request.params.target), request.body);
    },
  });

  api.route({
    ...clearFault,
    attachValidation: true,
    handler: async (request, reply) => {
      checkValidation(request, unknownTarget());
      return forward(request, reply, 'DELETE', targetPath(request.params.target));
    },
  });

  api.route({
    ...clearAllFaults,
    handler: async (request, reply) => forward(request, reply, 'DELETE', '/faults'),
  });

  api.route({
    ...listScenarios,
    handler: async (request, reply) => forward(request, reply, 'GET', '/scenarios'),
  });

  api.route({
    ...runScenario,
    attachValidation: true,
    handler: async (request, reply) => {
      checkValidation(request, unknownScenario());
      const path = `/scenarios/${encodeURIComponent(request.params.name)}/run`;
      return forward(request, reply, 'POST', path, request.body ?? undefined);
    },
  });

  api.route({
    ...cancelScenario,
    handler: async (request, reply) => forward(request, reply, 'DELETE', '/scenarios/current'),
  });
});
