import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './metric-buckets.js';

/**
 * `bff_http_request_duration_seconds{route,method,status_class}`: the BFF's own answers, as the shopper's
 * browser (through the shell host) waits for them, retries and saved copies included. `route` is the route's
 * pattern (`/api/catalog/products/:slug`), never the raw URL, so the label set stays bounded; requests that
 * match no route share `unmatched`.
 */
export function registerHttpDuration(app: FastifyInstance, register: Registry): void {
  const requests = new Histogram({
    name: 'bff_http_request_duration_seconds',
    help: "Duration of the BFF's answers by route pattern, method and status class",
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [...LATENCY_BUCKETS],
    registers: [register],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    // Scrapes would otherwise measure themselves.
    if (route === '/metrics') return;
    requests.observe(
      { route, method: request.method, status_class: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });
}
