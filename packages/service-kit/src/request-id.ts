// One request id follows a call through every process's logs: taken from `x-request-id` when it is sane,
// generated otherwise, echoed on every response.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { definePlugin } from './plugin.js';

/** Header carrying the request id in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller's id may look like; anything else (too long, control characters) is replaced. */
const ACCEPTED_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** `genReqId` server option: the caller's id when it is acceptable, a new UUID otherwise. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/** Echoes the request id on every response. */
export const requestIdPlugin = definePlugin('service-kit-request-id', async (app) => {
  app.addHook('onRequest', async (request, reply) => {
    // Set at the start rather than in onSend so that replies from failing hooks carry it too.
    reply.header(REQUEST_ID_HEADER, request.id);
  });
});
