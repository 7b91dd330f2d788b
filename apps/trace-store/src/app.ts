import { createApp } from '@storefront/service-kit';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { classifyError } from './errors.js';
import { storePlugin } from './plugins/store-plugin.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { tracesRoutes } from './routes/traces-routes.js';
import type { TraceStoreLimits } from './trace-store.js';

/** Options of {@link build}. */
export interface BuildOptions {
  /** Fastify/pino logger options; `false` (default) keeps tests quiet. */
  logger?: FastifyServerOptions['logger'];
  /** Bounds of the store (defaults: 2,000 traces, 1,000 spans each, 100,000 in all, 30 min). */
  limits?: Partial<TraceStoreLimits>;
  /** The store's clock (tests). */
  now?: () => number;
  /** Host names answered besides loopback (default `ALLOWED_HOSTS`). */
  allowedHosts?: readonly string[];
}

/**
 * Creates the trace store: OTLP/HTTP JSON in (`POST /v1/traces`), recent traces out (`GET /traces`,
 * `GET /traces/:traceId`). It is not listening. It never traces itself: its own spans would be posted back to it.
 */
export function build(opts: BuildOptions = {}): FastifyInstance {
  const app = createApp({
    name: 'trace-store',
    logger: opts.logger,
    // Query strings are text: "5" must pass as the integer 5, and omitted parameters take their defaults.
    ajv: { coerceTypes: true, useDefaults: true },
    errors: { classify: classifyError },
    health: {
      service: 'trace-store',
      details: () => ({ traces: app.traceStore.size, spans: app.traceStore.spans }),
    },
    allowedHosts: opts.allowedHosts,
    // No request of the store is traced: an export's span would be exported to the store, and so on. (server.ts
    // also keeps the SDK off, so nothing else in the process makes spans.)
    traced: () => false,
  });
  app.register(storePlugin, { limits: opts.limits, now: opts.now });
  app.register(ingestRoutes);
  app.register(tracesRoutes);
  return app;
}
