import { BREAKER_STATES } from '@storefront/contract';
import { definePlugin } from '@storefront/service-kit';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { CALL_KINDS, type CallKind } from '../upstream/types.js';

/** `kind` labels of `bff_circuitbreaker_calls_total` (bulkhead rejections have their own counter). */
const BREAKER_CALL_KINDS: readonly CallKind[] = CALL_KINDS.filter((kind) => kind !== 'rejected');

/**
 * Prometheus metrics on `GET /metrics`, in a registry of this app instance (so that several apps in
 * one process, as in tests, do not collide): default process metrics plus breaker state, call
 * outcomes, retries and attempt durations per upstream. Needs the resilience plugin first.
 */
export const metricsPlugin = definePlugin('metrics', async (app) => {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const upstreams = app.resilience.list();

  new Gauge({
    name: 'bff_circuitbreaker_state',
    help: 'Circuit breaker state per upstream: 1 for the current state, 0 for the others',
    labelNames: ['upstream', 'state'] as const,
    registers: [register],
    // Read at scrape time so the gauge can never disagree with /api/resilience.
    collect() {
      for (const upstream of upstreams) {
        for (const state of BREAKER_STATES) {
          this.set({ upstream: upstream.name, state }, upstream.state === state ? 1 : 0);
        }
      }
    },
  });
  const calls = new Counter({
    name: 'bff_circuitbreaker_calls_total',
    help: 'Calls through the circuit breaker by outcome (attempts: successful/failed/timeout; requests: not_permitted/fallback)',
    labelNames: ['upstream', 'kind'] as const,
    registers: [register],
  });
  const retries = new Counter({
    name: 'bff_retry_calls_total',
    help: 'Retried upstream attempts',
    labelNames: ['upstream'] as const,
    registers: [register],
  });
  const rejections = new Counter({
    name: 'bff_bulkhead_rejections_total',
    help: 'Requests refused by a full bulkhead (never counted against the breaker)',
    labelNames: ['upstream'] as const,
    registers: [register],
  });
  const freshHits = new Counter({
    name: 'bff_fresh_hits_total',
    help: 'Shared GETs answered from a copy younger than BFF_<UPSTREAM>_FRESH_MS, without calling the upstream',
    labelNames: ['upstream'] as const,
    registers: [register],
  });
  const duration = new Histogram({
    name: 'bff_upstream_call_duration_seconds',
    help: 'Duration of upstream attempts by outcome',
    labelNames: ['upstream', 'kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10],
    registers: [register],
  });

  const unsubscribers: Array<() => void> = [];
  for (const upstream of upstreams) {
    // Zero series exist from the start, so rate() works before the first failure.
    for (const kind of BREAKER_CALL_KINDS) calls.inc({ upstream: upstream.name, kind }, 0);
    retries.inc({ upstream: upstream.name }, 0);
    rejections.inc({ upstream: upstream.name }, 0);
    freshHits.inc({ upstream: upstream.name }, 0);
    unsubscribers.push(
      upstream.onEvent((event) => {
        if (event.type === 'call' && event.kind === 'rejected') {
          rejections.inc({ upstream: upstream.name });
        } else if (event.type === 'call') {
          calls.inc({ upstream: upstream.name, kind: event.kind });
          if (event.durationSeconds !== undefined) {
            duration.observe({ upstream: upstream.name, kind: event.kind }, event.durationSeconds);
          }
        } else if (event.type === 'retry') {
          retries.inc({ upstream: upstream.name });
        } else if (event.type === 'fresh-hit') {
          freshHits.inc({ upstream: upstream.name });
        }
      }),
    );
  }
  app.addHook('onClose', async () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  });

  // Not a contract route: Prometheus scrapes it on the BFF's own port, the browser never sees it (the shell
  // proxies /api only), so its schema stays here, for the OpenAPI document alone.
  app.get(
    '/metrics',
    {
      schema: {
        description:
          'Prometheus text exposition: bff_circuitbreaker_state, bff_circuitbreaker_calls_total, bff_retry_calls_total, bff_bulkhead_rejections_total, bff_fresh_hits_total, bff_upstream_call_duration_seconds and the default process metrics.',
        tags: ['meta'],
        response: {
          200: {
            description: 'Prometheus text format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => {
      const text = await register.metrics();
      return reply.type(register.contentType).send(text);
    },
  );
});
