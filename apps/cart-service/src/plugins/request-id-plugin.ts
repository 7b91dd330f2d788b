import { definePlugin } from '../lib/define-plugin.js';

/** Header carrying the request id in both directions (the BFF sends its own). */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Echoes the request id (taken from `x-request-id` or generated) on every response. */
export const requestIdPlugin = definePlugin({ name: 'cart-request-id' }, async (fastify) => {
  fastify.addHook('onRequest', async (request, reply) => {
    // Set this early rather than in onSend so that replies from failing hooks carry it too.
    reply.header(REQUEST_ID_HEADER, request.id);
  });
});
