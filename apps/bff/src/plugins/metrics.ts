import { BREAKER_STATES } from '@storefront/contract';
import { definePlugin } from '@storefront/service-kit';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { CALL_KINDS, type CallKind } from '../upstream/types.js';
import { registerHttpDuration } from './http-metrics.js';
import { AGE_BUCKETS, LATENCY_BUCKETS } from './metric-buckets.js';

/** `kind` labels of `bff_circuitbreaker_calls_total` (bulkhead rejections have their own counter). */
const BREAKER_CALL_KINDS: readonly CallKind[] = CALL_KINDS.filter((kind) => kind !== 'rejected');

export interface MetricsPluginOptions {
  /** `BFF_REPLICA_ID`, the `replica` label of every series (default `bff`, as elsewhere). */
  replicaId?: string;
}

/**
 * Prometheus metrics on `GET /metrics`, in a registry of this app instance (so that several apps in
 * one process, as in tests, do not collide): default process metrics plus breaker state and transitions, call
 * outcomes, retries, bulkhead room, saved-copy ages and durations per upstream, every series labelled with the
 * replica. Needs the resilience plugin first. The names are those of docs/observability.md, the dashboard and
 * the alert rules: renaming one breaks them.
 */
export const metricsPlugin = definePlugin<MetricsPluginOptions>('metrics', async (app, options) => {
  const register = new Registry();
  // Before any metric is created: replicas behind one scrape job stay apart in every query.
  register.setDefaultLabels({ replica: options.replicaId ?? 'bff' });
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
    buckets: [...LATENCY_BUCKETS],
    registers: [register],
  });
  const transitions = new Counter({
    name: 'bff_circuitbreaker_transitions_total',
    help: 'Circuit breaker state transitions per upstream (a fast-growing count is a flapping breaker)',
    labelNames: ['upstream', 'from', 'to'] as const,
    registers: [register],
  });
  const savedCopyAge = new Histogram({
    name: 'bff_saved_copy_age_seconds',
    help: 'Age of the saved copies served in place of a failed call (Storefront-Degraded answers)',
    labelNames: ['upstream'] as const,
    buckets: [...AGE_BUCKETS],
    registers: [register],
  });
  new Gauge({
    name: 'bff_bulkhead_available',
    help: 'Free execution slots of the bulkhead per upstream',
    labelNames: ['upstream'] as const,
    registers: [register],
    collect() {
      for (const upstream of upstreams)
        this.set({ upstream: upstream.name }, upstream.bulkheadRoom().available);
    },
  });
  new Gauge({
    name: 'bff_bulkhead_queued',
    help: 'Requests waiting in the bulkhead queue per upstream',
    labelNames: ['upstream'] as const,
    registers: [register],
    collect() {
      for (const upstream of upstreams) this.set({ upstream: upstream.name }, upstream.bulkheadRoom().queued);
    },
  });
  registerHttpDuration(app, register);

  const unsubscribers: Array<() => void> = [];
  for (const upstream of upstreams) {
    // Zero series exist from the start, so rate() works before the first failure.
    for (const kind of BREAKER_CALL_KINDS) calls.inc({ upstream: upstream.name, kind }, 0);
    retries.inc({ upstream: upstream.name }, 0);
    rejections.inc({ upstream: upstream.name }, 0);
    freshHits.inc({ upstream: upstream.name }, 0);
    savedCopyAge.zero({ upstream: upstream.name });
    // Every edge at 0 too: increase() misses the first value of a series born inside its window, so a fresh
    // process would lose one transition per edge from the flapping alert's count.
    for (const from of BREAKER_STATES) {
      for (const to of BREAKER_STATES)
        if (from !== to) transitions.inc({ upstream: upstream.name, from, to }, 0);
    }
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
        } else if (event.type === 'transition') {
          const { from, to } = event.transition;
          transitions.inc({ upstream: upstream.name, from, to });
        } else if (event.type === 'saved-copy') {
          savedCopyAge.observe({ upstream: upstream.name }, event.ageSeconds);
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
          'Prometheus text exposition, every series labelled `replica` (BFF_REPLICA_ID): bff_circuitbreaker_state, bff_circuitbreaker_transitions_total, bff_circuitbreaker_calls_total, bff_retry_calls_total, bff_bulkhead_rejections_total, bff_bulkhead_available, bff_bulkhead_queued, bff_fresh_hits_total, bff_saved_copy_age_seconds, bff_upstream_call_duration_seconds, bff_http_request_duration_seconds and the default process metrics (docs/observability.md).',
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
