import type { FastifyInstance } from 'fastify';

/** Allows any origin to read every response (remotes are fetched cross-origin by the shell). */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS') return;
    // Answer preflights here so they never reach the static files or the 404 handler.
    const requested = request.headers['access-control-request-headers'];
    reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', typeof requested === 'string' ? requested : '*')
      .header('access-control-max-age', '600')
      .send();
    return reply;
  });
  // onSend also runs for errors and 404s, so every answer carries the header.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    return payload;
  });
}
