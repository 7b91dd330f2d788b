import { getResilience, opsStream } from '@storefront/contract';
import { metaOf } from '../http/answers.js';
import { defineRoutes } from '../http/define-routes.js';

/** How long the browser's EventSource waits before reconnecting. */
const RETRY_MS = 2000;

/** `GET /api/resilience` and `GET /api/ops/stream`: the breakers' state, once or as Server-Sent Events. */
export const opsRoutes = defineRoutes('ops-routes', async (api) => {
  api.route({
    ...getResilience,
    handler: async (request) => {
      const { upstreams } = api.resilience.snapshot();
      const replicas =
        request.query.scope === 'local'
          ? [{ replica: api.replicaId, available: true, upstreams }]
          : await api.replicas.all();
      return { replica: api.replicaId, upstreams, replicas, meta: metaOf(request) };
    },
  });

  api.route({
    ...opsStream,
    handler: async (request, reply) => {
      // Streaming: Fastify must not send or serialise anything for this reply.
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        // Proxies (nginx and friends) must not buffer the events.
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      res.write(`retry: ${RETRY_MS}\n\n`);
      await api.opsStream.join(res);
    },
  });
});
