import { definePlugin } from '@storefront/service-kit';
import type { FastifyInstance } from 'fastify';
import { faultProxyError } from '../errors.js';
import { faultTypesList } from '../fault-types.js';
import { FAULT_BODY_SCHEMA, validateFault } from '../faults.js';
import type { TargetProxy } from '../proxy.js';

interface TargetParams {
  target: string;
}

function findTarget(fastify: FastifyInstance, name: string): TargetProxy {
  const proxy = fastify.targets.get(name);
  if (proxy === undefined) {
    const known = [...fastify.targets.keys()].join(', ');
    throw faultProxyError(404, 'UNKNOWN_TARGET', `Unknown target "${name}"; known targets: ${known}`, {
      target: name,
    });
  }
  return proxy;
}

const paramsSchema = {
  type: 'object',
  required: ['target'],
  properties: { target: { type: 'string', minLength: 1, maxLength: 100 } },
};

/**
 * The control API: list the fault types, list, inject and clear faults (docs/fault-injection.md, "Control API",
 * without `/api`).
 */
export const faultsRoutes = definePlugin(
  'fault-proxy-faults-routes',
  async (fastify) => {
    // The list is read from a constant table: built once, not on every request.
    const faultTypes = faultTypesList();

    fastify.get('/faults', async () => ({
      targets: [...fastify.targets.values()].map((proxy) => proxy.describe()),
      scenario: fastify.scenarioRunner.status(),
      meta: { at: new Date().toISOString() },
    }));

    // Without meta: the BFF adds its own (with the request id) when it forwards the answer.
    fastify.get('/faults/types', async () => faultTypes);

    fastify.put<{ Params: TargetParams; Body: unknown }>(
      '/faults/:target',
      {
        schema: { params: paramsSchema, body: FAULT_BODY_SCHEMA },
        // An unknown target is a 404 even when the body is also wrong.
        preValidation: async (request) => {
          findTarget(fastify, request.params.target);
        },
      },
      async (request) => {
        const proxy = findTarget(fastify, request.params.target);
        const verdict = validateFault(request.body);
        if (!verdict.ok) throw faultProxyError(400, 'INVALID_REQUEST', verdict.message, { field: 'body' });
        return { target: await proxy.setFault(verdict.fault) };
      },
    );

    fastify.delete<{ Params: TargetParams }>(
      '/faults/:target',
      { schema: { params: paramsSchema } },
      async (request) => {
        const proxy = findTarget(fastify, request.params.target);
        return { target: await proxy.clearFault('cleared') };
      },
    );

    fastify.delete('/faults', async () => {
      // Clearing everything also stops the running scenario, or its next step would inject again.
      await fastify.scenarioRunner.cancel();
      return {
        targets: await Promise.all([...fastify.targets.values()].map((proxy) => proxy.clearFault('cleared'))),
      };
    });
  },
  { encapsulate: true },
);
