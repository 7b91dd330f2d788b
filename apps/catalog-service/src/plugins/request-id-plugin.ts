import { definePlugin } from '../lib/define-plugin.js';

/** Header carrying the request id in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Echoes the request id (taken from `x-request-id` or generated) on every response. */
export const requestIdPlugin = definePlugin({ name: 'catalog-request-id' }, async (fastify) => {
  fastify.addHook('onRequest', async (request, reply) => {
    // Set early rather than in onSend so that even replies which skip hooks carry it.
    reply.header(REQUEST_ID_HEADER, request.id);
  });
});
