import { getResilience, listOpsEvents, opsStream } from '@storefront/contract';
import { metaOf } from '../http/answers.js';
import { clientKey } from '../http/client-address.js';
import { defineRoutes } from '../http/define-routes.js';
import { mergeAvailability } from '../ops/availability-meter.js';
import { type EventView, parseEventCursor } from '../ops/event-view.js';

/** How long the browser's EventSource waits before reconnecting. */
const RETRY_MS = 2000;

/** `GET /api/resilience` and `GET /api/ops/stream`: the breakers' state, once or as Server-Sent Events. */
export const opsRoutes = defineRoutes('ops-routes', async (api) => {
  api.route({
    ...getResilience,
    handler: async (request) => {
      const { upstreams } = api.resilience.snapshot();
      // With scope=local, `availability` is this replica's counts alone: what a peer sums into its own view.
      const replicas =
        request.query.scope === 'local'
          ? [
              {
                replica: api.replicaId,
                available: true,
                upstreams,
                availability: api.availability.snapshot(),
              },
            ]
          : await api.replicas.all();
      const availability = mergeAvailability(replicas.flatMap((replica) => replica.availability ?? []));
      return {
        replica: api.replicaId,
        upstreams,
        replicas,
        ...(availability ? { availability } : {}),
        meta: metaOf(request),
      };
    },
  });

  api.route({
    ...opsStream,
    handler: async (request, reply) => {
      // Over a cap: a coded 429/503 answered before the stream starts (the console reopens later by itself).
      const release = api.opsStreamCaps.acquire(clientKey(request));
      // Streaming: Fastify must not send or serialise anything for this reply.
      reply.hijack();
      const res = reply.raw;
      res.once('close', release);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        // Proxies (nginx and friends) must not buffer the events.
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      // HEAD: Node ignores a body's writes and sends the head only at the end, so the stream would hang unseen.
      if (request.method === 'HEAD') {
        res.end();
        return;
      }
      res.write(`retry: ${RETRY_MS}\n\n`);
      await api.opsStream.join(res);
    },
  });
});

/** `GET /api/ops/events`: the newest domain events of every service, from this replica's tail of their feeds. */
export const opsEventRoutes = defineRoutes<{ view: EventView }>('ops-event-routes', async (api, { view }) => {
  api.route({
    ...listOpsEvents,
    // The console polls it every 2 s: its request lines would drown the log (failures still log).
    logLevel: 'warn',
    handler: async (request) => {
      const { after, correlationId, limit = 50 } = request.query;
      const answer = await view.read(
        { after: after === undefined ? undefined : parseEventCursor(after), correlationId, limit },
        request.id,
      );
      return { ...answer, meta: metaOf(request) };
    },
  });
});
