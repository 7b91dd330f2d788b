import { definePlugin } from '../lib/define-plugin.js';

/** Header carrying the request id in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Echoes the request id (from `x-request-id`, or generated) on every response. */
export const requestIdPlugin = definePlugin({ name: 'account-request-id' }, async (fastify) => {
  fastify.addHook('onRequest', async (request, reply) => {
    // Set at the start so that error replies carry it too.
    reply.header(REQUEST_ID_HEADER, request.id);
  });
});
