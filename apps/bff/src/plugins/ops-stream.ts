import type { FaultProxyClient } from '../ops/fault-proxy-client.js';
import { OpsHub } from '../ops/ops-hub.js';
import { definePlugin } from '../plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The ops stream's fan-out (clients, shared timer). */
    opsStream: OpsHub;
  }
}

export interface OpsStreamOptions {
  /** The fault proxy's control API; null when demo mode is off (`faults.available` is then false). */
  faults: FaultProxyClient | null;
  /** Snapshot period (default 1000 ms). */
  intervalMs?: number;
}

/** How long the browser's EventSource waits before reconnecting. */
const RETRY_MS = 2000;

const STREAM_DESCRIPTION = [
  'Server-Sent Events for the resilience console. The stream starts with `retry: 2000`, then sends:',
  '',
  '- `event: snapshot` at once and then every second, data',
  '  `{ at, upstreams: [{ name, state, retryAfterMs, window: { seconds, requests, ratePerSec, errorPercent,',
  '  p50Ms, p95Ms, p99Ms }, counts, transitions (last 50) }], faults: { available, targets } }`',
  '  (`faults.available` is false when demo mode is off or the fault proxy does not answer);',
  '- `event: transition` at each breaker transition, data `{ upstream, from, to, at, reason }`.',
].join('\n');

/** `GET /api/ops/stream`: breaker states, rolling windows, transitions and faults as Server-Sent Events. */
export const opsStreamPlugin = definePlugin<OpsStreamOptions>('ops-stream', async (app, options) => {
  const hub = new OpsHub({
    upstreams: app.resilience.list(),
    faults: options.faults,
    log: app.log,
    intervalMs: options.intervalMs,
  });
  app.decorate('opsStream', hub);
  // preClose, not onClose: the HTTP server waits for open responses, so streams must end before it closes.
  app.addHook('preClose', async () => hub.close());

  app.get(
    '/api/ops/stream',
    {
      schema: {
        description: STREAM_DESCRIPTION,
        tags: ['ops'],
        response: {
          200: {
            description: 'An endless text/event-stream (events `snapshot` and `transition`)',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
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
      await hub.join(res);
    },
  );
});
