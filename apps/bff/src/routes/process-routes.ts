import { killProcess, listProcesses } from '@storefront/contract';
import { ApiError, loopbackOnlyPlugin } from '@storefront/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRecord } from '../clients/service-answer.js';
import type { SupervisorAnswer, SupervisorClient } from '../clients/supervisor-client.js';
import { defineRoutes } from '../http/define-routes.js';

export interface ProcessRoutesOptions {
  supervisor: SupervisorClient;
}

/** The supervisor's answer with this request's id in `meta`; its error envelope passes with its status. */
function answer(request: FastifyRequest, reply: FastifyReply, result: SupervisorAnswer): FastifyReply {
  const body = isRecord(result.body) ? result.body : {};
  if (result.status >= 400 && !isRecord(body.error)) {
    throw new ApiError(502, 'SUPERVISOR_UNAVAILABLE', `The supervisor answered HTTP ${result.status}`);
  }
  const meta = isRecord(body.meta) ? body.meta : {};
  return reply.code(result.status).send({ ...body, meta: { ...meta, requestId: request.id } });
}

/** `GET /api/ops/processes`: the processes as the supervisor sees them (503 when no supervisor runs). */
export const processRoutes = defineRoutes<ProcessRoutesOptions>(
  'process-routes',
  async (api, { supervisor }) => {
    api.route({
      ...listProcesses,
      handler: async (request, reply) => answer(request, reply, await supervisor.processes()),
    });
  },
);

/** `POST /api/faults/processes/:name/kill`: demo mode and loopback callers only, like the rest of the fault API. */
export const processKillRoutes = defineRoutes<ProcessRoutesOptions>(
  'process-kill-routes',
  async (api, { supervisor }) => {
    await api.register(loopbackOnlyPlugin, { what: 'The fault API' });
    api.route({
      ...killProcess,
      handler: async (request, reply) => answer(request, reply, await supervisor.kill(request.params.name)),
    });
  },
);
