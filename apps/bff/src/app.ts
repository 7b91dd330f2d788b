import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { CheckoutSaga, type CompensationOptions } from './checkout/checkout.js';
import { type ResilienceConfig, resolveResilienceConfig } from './config.js';
import { FaultProxyClient } from './ops/fault-proxy-client.js';
import { errorHandlerPlugin, sendError } from './plugins/error-handler.js';
import { faultsPlugin } from './plugins/faults.js';
import { healthPlugin } from './plugins/health.js';
import { type IdempotencyOptions, idempotencyPlugin } from './plugins/idempotency.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { opsStreamPlugin } from './plugins/ops-stream.js';
import { requestIdPlugin } from './plugins/request-id.js';
import { resiliencePlugin } from './plugins/resilience.js';
import { sessionPlugin } from './plugins/session.js';
import { accountRoutes } from './routes/account.js';
import { cartRoutes } from './routes/cart.js';
import { catalogRoutes } from './routes/catalog.js';
import { checkoutRoutes } from './routes/checkout.js';
import { orderRoutes } from './routes/orders.js';

/** Where an upstream lives and how it is protected (missing settings take the defaults). */
export interface UpstreamOption {
  baseUrl: string;
  resilience?: Partial<ResilienceConfig>;
}

export interface BuildOptions {
  /** One entry per upstream service. */
  upstreams: { catalog: UpstreamOption; cart: UpstreamOption; account: UpstreamOption };
  /** Fastify/pino logger options (`false` in most tests, `{ stream }` to capture lines); secrets are redacted. */
  logger?: FastifyServerOptions['logger'];
  /** Replaces the global fetch towards upstreams (tests only). */
  fetch?: typeof fetch;
  /** Idempotency-Key store bounds (defaults: 24 h, 10 000 keys). */
  idempotency?: IdempotencyOptions;
  /** Background retries of a failed checkout compensation (defaults: every 2 s, 10 times). */
  compensation?: CompensationOptions;
  /** Demo mode: the fault API under /api/faults and fault state in the ops stream (default false). */
  demoMode?: boolean;
  /** The fault proxy's control API, e.g. http://127.0.0.1:5000 (used in demo mode only). */
  faultProxyControlUrl?: string;
  /** Period of the ops stream's snapshots (default 1000 ms). */
  opsStreamIntervalMs?: number;
  /** Replaces the global fetch towards the fault proxy's control API (tests only). */
  faultProxyFetch?: typeof fetch;
}

/** Never logged: cookies, tokens, passwords (bodies are not logged at all). */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'password',
  'token',
  '*.password',
  '*.token',
  '*.authorization',
  '*.cookie',
];

function withRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = typeof logger === 'object' ? logger : {};
  return { ...base, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}

/** Builds the BFF (plugins registered, not listening). */
export function build(options: BuildOptions): FastifyInstance {
  const app = Fastify({
    logger: withRedaction(options.logger),
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
  // With demo mode off there is no fault proxy: the stream says so, and the fault API does not exist.
  const faultProxy = options.demoMode
    ? new FaultProxyClient({ baseUrl: options.faultProxyControlUrl, fetch: options.faultProxyFetch })
    : null;
  app.register(opsStreamPlugin, { faults: faultProxy, intervalMs: options.opsStreamIntervalMs });
  if (faultProxy) app.register(faultsPlugin, { client: faultProxy });
  // Session before idempotency: idempotency keys are scoped to the resolved identity.
  app.register(async (scope) => {
    await scope.register(sessionPlugin, { account: scope.resilience.get('account') });
    await scope.register(idempotencyPlugin, options.idempotency ?? {});
    const catalog = scope.resilience.get('catalog');
    const cart = scope.resilience.get('cart');
    const account = scope.resilience.get('account');
    const saga = new CheckoutSaga(cart, catalog, scope.log, options.compensation);
    scope.addHook('onClose', async () => saga.close());
    await scope.register(catalogRoutes, { prefix: '/api/catalog', upstream: catalog });
    await scope.register(cartRoutes, { cart, catalog });
    await scope.register(orderRoutes, { cart });
    await scope.register(accountRoutes, { account, cart });
    await scope.register(checkoutRoutes, { saga });
  });
  return app;
}
