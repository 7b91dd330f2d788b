import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type ResilienceConfig, resolveResilienceConfig } from './config.js';
import { errorHandlerPlugin, sendError } from './plugins/error-handler.js';
import { healthPlugin } from './plugins/health.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { requestIdPlugin } from './plugins/request-id.js';
import { resiliencePlugin } from './plugins/resilience.js';
import { catalogRoutes } from './routes/catalog.js';

/** Where an upstream lives and how it is protected (missing settings take the defaults). */
export interface UpstreamOption {
  baseUrl: string;
  resilience?: Partial<ResilienceConfig>;
}

export interface BuildOptions {
  /** One entry per upstream service; only `catalog` is wired today. */
  upstreams: { catalog: UpstreamOption };
  /** Fastify/pino logger options (`false` in most tests, `{ stream }` to capture lines). */
  logger?: FastifyServerOptions['logger'];
  /** Replaces the global fetch towards upstreams (tests only). */
  fetch?: typeof fetch;
}

/** Builds the BFF (plugins registered, not listening). */
export function build(options: BuildOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true } },
    // Errors raised by the router before any hook (e.g. bad percent-encoding) get the usual body too.
    frameworkErrors: (error, request, reply) => {
      if (error.code === 'FST_ERR_BAD_URL') {
        sendError(request, reply, 400, { code: 'INVALID_URL', message: error.message });
      } else {
        request.log.error({ err: error }, 'framework error');
        sendError(request, reply, 500, { code: 'INTERNAL_ERROR', message: 'Internal server error' });
      }
    },
  });

  const upstreams = Object.entries(options.upstreams).map(([name, upstream]) => ({
    name,
    baseUrl: upstream.baseUrl,
    config: resolveResilienceConfig(upstream.resilience),
  }));

  // Order matters: openapi must see every route, metrics needs the resilience registry.
  app.register(openapiPlugin);
  app.register(requestIdPlugin);
  app.register(errorHandlerPlugin);
  app.register(resiliencePlugin, { upstreams, fetch: options.fetch });
  app.register(metricsPlugin);
  app.register(healthPlugin);
  app.register(async (scope) => {
    await scope.register(catalogRoutes, {
      prefix: '/api/catalog',
      upstream: scope.resilience.get('catalog'),
    });
  });
  return app;
}
