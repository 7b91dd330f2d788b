import { getHealth, isConsoleRead } from '@storefront/contract';
import {
  createApp,
  crossSitePlugin,
  healthRoutes,
  ServiceCredential,
  tracedByDefault,
} from '@storefront/service-kit';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { CheckoutRecovery, type CheckoutRecoveryOptions } from './checkout/checkout-recovery.js';
import { CheckoutSaga } from './checkout/checkout-saga.js';
import { CheckoutSettler } from './checkout/checkout-settler.js';
import { AccountClient } from './clients/account-client.js';
import { CartClient } from './clients/cart-client.js';
import { CatalogClient } from './clients/catalog-client.js';
import { CheckoutRecordsClient } from './clients/checkout-records-client.js';
import { FaultProxyClient } from './clients/fault-proxy-client.js';
import { SupervisorClient } from './clients/supervisor-client.js';
import { TraceStoreClient } from './clients/trace-store-client.js';
import {
  ACCOUNT_PASSWORD_RESILIENCE,
  DEFAULT_PUBLIC_ORIGINS,
  type ResilienceConfig,
  resolveResilienceConfig,
} from './config.js';
import { metaOf } from './http/answers.js';
import { cookiePlugin } from './http/cookies.js';
import { type AbuseLimits, DEFAULT_ABUSE_LIMITS } from './limits-config.js';
import { EventView } from './ops/event-view.js';
import { availabilityPlugin } from './plugins/availability.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { opsHistoryPlugin } from './plugins/ops-history.js';
import { opsStreamPlugin } from './plugins/ops-stream.js';
import { passwordLimitsPlugin } from './plugins/password-limits.js';
import { resiliencePlugin } from './plugins/resilience.js';
import { responseHeadersPlugin } from './plugins/response-headers.js';
import { sessionPlugin } from './plugins/session.js';
import { cartRoutes } from './routes/cart-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { checkoutModeRoutes, checkoutModeSwitchRoutes } from './routes/checkout-mode-routes.js';
import { checkoutRoutes } from './routes/checkout-routes.js';
import { faultRoutes } from './routes/fault-routes.js';
import { opsHistoryRoutes } from './routes/ops-history-routes.js';
import { opsEventRoutes, opsRoutes } from './routes/ops-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { processKillRoutes, processRoutes } from './routes/process-routes.js';
import { profileRoutes } from './routes/profile-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { traceRoutes } from './routes/trace-routes.js';

/** Where an upstream lives and how it is protected (missing settings take the defaults). */
export interface UpstreamOption {
  baseUrl: string;
  resilience?: Partial<ResilienceConfig>;
}

export interface BuildOptions {
  /**
   * One entry per upstream service; `accountPassword` (sign-in, sign-up) defaults to the account service with
   * its resilience and {@link ACCOUNT_PASSWORD_RESILIENCE} (its own bulkhead and timeout) over it.
   */
  upstreams: {
    catalog: UpstreamOption;
    cart: UpstreamOption;
    account: UpstreamOption;
    accountPassword?: UpstreamOption;
  };
  /** Sign-in/sign-up rate limits and ops stream caps (default {@link DEFAULT_ABUSE_LIMITS}). */
  limits?: AbuseLimits;
  /** Fastify/pino logger options (`false` in most tests, `{ stream }` to capture lines); secrets are redacted. */
  logger?: FastifyServerOptions['logger'];
  /** Replaces the global fetch towards upstreams (tests only). */
  fetch?: typeof fetch;
  /**
   * `SERVICE_SECRET`, shared with the services: every upstream request is signed with it (the services refuse
   * writes and identity headers without it). No default: tests pass `TEST_SERVICE_SECRET`.
   */
  serviceSecret: string;
  /** The look for checkouts a crashed attempt left holding stock (default: never; `npm start`: every 5 s). */
  checkoutRecovery?: CheckoutRecoveryOptions;
  /** Demo mode: the fault API under /api/faults and fault state in the ops stream (default false). */
  demoMode?: boolean;
  /** The fault proxy's control API, e.g. http://127.0.0.1:5000 (used in demo mode only). */
  faultProxyControlUrl?: string;
  /** Period of the ops stream's snapshots (default 1000 ms). */
  opsStreamIntervalMs?: number;
  /** Replaces the global fetch towards the fault proxy's control API (tests only). */
  faultProxyFetch?: typeof fetch;
  /** This replica's id and the other replicas' base URLs (default: `bff`, alone). */
  replica?: { id: string; peers: string[] };
  /** The supervisor's loopback API (processes and kill), when a supervisor runs the stack. */
  supervisorUrl?: string;
  /** `TRACE_STORE_URL`: the local trace store's read API (`/api/ops/traces`), when one runs with the stack. */
  traceStoreUrl?: string;
  /** `ALERT_WEBHOOK_URL`: where live notifications are POSTed (none when unset). */
  alertWebhookUrl?: string;
  /**
   * Origins the storefront's pages are served from (the shell host, which proxies `/api`): writes with another
   * `Origin` are refused (default http://localhost:3000 and http://127.0.0.1:3000).
   */
  publicOrigins?: readonly string[];
  /** Host names answered besides loopback (default `ALLOWED_HOSTS`). */
  allowedHosts?: readonly string[];
}

/** Never logged, beyond the kit's headers: cookies, tokens, passwords (bodies are not logged at all). */
export const REDACTED_PATHS = [
  'headers.cookie',
  'headers.authorization',
  'password',
  'token',
  '*.password',
  '*.token',
  '*.authorization',
  '*.cookie',
];

/** The largest body the BFF reads (413 PAYLOAD_TOO_LARGE above it). */
export const BFF_BODY_LIMIT = 64 * 1024;

/**
 * Builds the BFF (plugins registered, not listening). Layers: plugins (identity, idempotency, metrics, OpenAPI,
 * the ops hub) → routes (HTTP ↔ client calls, registered from the contract) → clients (one per service) →
 * upstream policy → transport.
 */
export function build(options: BuildOptions): FastifyInstance {
  const app = createApp({
    name: 'bff',
    logger: options.logger,
    redact: REDACTED_PATHS,
    // Query strings are text: "5" must pass as the integer 5, and omitted parameters take their defaults.
    ajv: { coerceTypes: true, useDefaults: true },
    allowedHosts: options.allowedHosts,
    // The console's own polling and stream would bury the shoppers' requests in the list of traces.
    traced: (method, path) => tracedByDefault(method, path) && !isConsoleRead(path),
    // The kit's timeouts; bodies are small JSON (the largest, a checkout, is a few KiB). The shell host's edge
    // limit (1 MiB) is larger, so this 413 is the one the browser gets, passed through.
    server: { bodyLimit: BFF_BODY_LIMIT },
  });
  // Before any route: every write (shop, account, fault API, kill) is refused from other sites and must be JSON.
  app.register(crossSitePlugin, { publicOrigins: options.publicOrigins ?? DEFAULT_PUBLIC_ORIGINS });

  const { accountPassword, ...services } = options.upstreams;
  const upstreams = Object.entries(services).map(([name, upstream]) => ({
    name,
    baseUrl: upstream.baseUrl,
    config: resolveResilienceConfig(upstream.resilience),
  }));
  upstreams.push({
    name: 'account-password',
    baseUrl: accountPassword?.baseUrl ?? services.account.baseUrl,
    config: resolveResilienceConfig(
      accountPassword?.resilience ?? { ...services.account.resilience, ...ACCOUNT_PASSWORD_RESILIENCE },
    ),
  });
  const limits = options.limits ?? DEFAULT_ABUSE_LIMITS;

  app.register(responseHeadersPlugin);
  // Order matters: openapi must see every route (health included), metrics needs the resilience registry.
  app.register(openapiPlugin);
  app.register(healthRoutes, {
    service: 'bff',
    schema: getHealth.schema,
    details: (request) => ({ meta: metaOf(request) }),
  });
  app.register(resiliencePlugin, {
    upstreams,
    fetch: options.fetch,
    credential: new ServiceCredential(options.serviceSecret),
  });
  app.register(metricsPlugin, { replicaId: options.replica?.id });
  // Before the ops stream (which reports it) and before every shopper route (whose answers it counts).
  app.register(availabilityPlugin, { replicaId: options.replica?.id });
  // With demo mode off there is no fault proxy: the stream says so, and the fault API does not exist.
  const faultProxy = options.demoMode
    ? new FaultProxyClient({ baseUrl: options.faultProxyControlUrl, fetch: options.faultProxyFetch })
    : null;
  app.register(opsStreamPlugin, {
    limits: limits.opsStreams,
    faults: faultProxy,
    intervalMs: options.opsStreamIntervalMs,
    replica: options.replica,
    alertWebhookUrl: options.alertWebhookUrl,
  });
  app.register(opsRoutes);
  app.register(opsHistoryPlugin);
  app.register(opsHistoryRoutes);
  const supervisor = new SupervisorClient(options.supervisorUrl);
  app.register(processRoutes, { supervisor });
  app.register(traceRoutes, { store: new TraceStoreClient(options.traceStoreUrl) });
  if (faultProxy) {
    app.register(faultRoutes, { client: faultProxy });
    app.register(processKillRoutes, { supervisor });
  }

  app.register(async (scope) => {
    const catalog = new CatalogClient(scope.resilience.get('catalog'));
    const cart = new CartClient(scope.resilience.get('cart'));
    const account = new AccountClient(
      scope.resilience.get('account'),
      scope.resilience.get('account-password'),
    );
    // The catalog's reads need no cookie nor identity: they stay outside the shopper scope's hooks.
    await scope.register(catalogRoutes, { catalog });
    const onFailure = (service: string, error: unknown, what: 'feed' | 'consumers') =>
      scope.log.warn({ err: error, service, what }, `events view: the ${what} could not be read`);
    const events = new EventView({
      feeds: { catalog, cart, account },
      consumers: { catalog, cart, account },
      onFailure,
    });
    await scope.register(opsEventRoutes, { view: events });
    await scope.register(checkoutModeRoutes, { cart });
    // The switch is the fault API's: it exists where the fault API does (demo mode).
    if (faultProxy) await scope.register(checkoutModeSwitchRoutes, { cart });
    await scope.register(async (shopper) => {
      // Session before idempotency: idempotency keys are scoped to the resolved identity.
      await shopper.register(responseHeadersPlugin, { personal: true });
      await shopper.register(cookiePlugin);
      // Before the session and idempotency hooks: an attempt over the limit is refused before anything else.
      await shopper.register(passwordLimitsPlugin, limits.passwordAttempts);
      await shopper.register(sessionPlugin, { account });
      await shopper.register(idempotencyPlugin);
      const records = new CheckoutRecordsClient(scope.resilience.get('cart'));
      const settler = new CheckoutSettler(records, catalog, shopper.log);
      const saga = new CheckoutSaga(cart, records, catalog, settler);
      const recovery = new CheckoutRecovery(records, settler, shopper.log, {
        everyMs: 0,
        staleAfterMs: 10_000,
        ...options.checkoutRecovery,
      });
      shopper.addHook('onReady', async () => recovery.start());
      shopper.addHook('onClose', async () => recovery.stop());
      await shopper.register(cartRoutes, { cart, catalog });
      await shopper.register(orderRoutes, { cart });
      await shopper.register(checkoutRoutes, { saga });
      await shopper.register(sessionRoutes, { account, cart });
      await shopper.register(profileRoutes, { account });
    });
  });
  return app;
}
