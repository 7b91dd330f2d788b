import type { ResilienceConfig } from '../config.js';
import { definePlugin } from '../plugin.js';
import { simpleMetaSchema } from '../schemas.js';
import { ResilienceRegistry } from '../upstream/registry.js';
import { Upstream } from '../upstream/upstream.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every upstream with its resilience policy, by name. */
    resilience: ResilienceRegistry;
  }
}

/** One upstream service the BFF calls. */
export interface UpstreamDefinition {
  name: string;
  baseUrl: string;
  config: ResilienceConfig;
}

export interface ResiliencePluginOptions {
  upstreams: UpstreamDefinition[];
  /** Replaces the global fetch (tests only). */
  fetch?: typeof fetch;
}

const countsSchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['successful', 'failed', 'timeout', 'notPermitted', 'rejected', 'fallback', 'retries'].map((k) => [
      k,
      { type: 'integer' },
    ]),
  ),
} as const;

const configSchema = {
  type: 'object',
  properties: Object.fromEntries(
    [
      'timeoutMs',
      'retryAttempts',
      'retryInitialDelayMs',
      'retryMaxDelayMs',
      'breakerThreshold',
      'halfOpenAfterMs',
      'bulkheadLimit',
      'bulkheadQueue',
      'lkgMaxEntries',
    ].map((k) => [k, { type: 'integer' }]),
  ),
} as const;

const transitionSchema = {
  type: ['object', 'null'],
  properties: {
    from: { type: 'string', enum: ['closed', 'open', 'half-open'] },
    to: { type: 'string', enum: ['closed', 'open', 'half-open'] },
    at: { type: 'string', format: 'date-time' },
    reason: { type: 'string' },
  },
} as const;

/** Creates one Upstream per definition, decorates `app.resilience` and serves `GET /api/resilience`. */
export const resiliencePlugin = definePlugin<ResiliencePluginOptions>('resilience', async (app, options) => {
  const registry = new ResilienceRegistry();
  for (const definition of options.upstreams) {
    registry.add(new Upstream({ ...definition, logger: app.log, fetch: options.fetch }));
  }
  app.decorate('resilience', registry);

  app.get(
    '/api/resilience',
    {
      schema: {
        description:
          "Every upstream's circuit breaker: state (closed/open/half-open), time until the next probe, call counters, last transition and configuration.",
        tags: ['meta'],
        response: {
          200: {
            description: 'Resilience state of every upstream',
            type: 'object',
            required: ['upstreams', 'meta'],
            properties: {
              upstreams: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name', 'state', 'retryAfterMs', 'counts', 'lastTransition', 'config'],
                  properties: {
                    name: { type: 'string' },
                    state: { type: 'string', enum: ['closed', 'open', 'half-open'] },
                    retryAfterMs: { type: 'integer', minimum: 0 },
                    counts: countsSchema,
                    lastTransition: transitionSchema,
                    config: configSchema,
                  },
                },
              },
              meta: simpleMetaSchema,
            },
          },
        },
      },
    },
    async (request) => ({ ...registry.snapshot(), meta: { requestId: request.id } }),
  );
});
