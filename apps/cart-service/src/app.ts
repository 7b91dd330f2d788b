import { createApp, serviceCredentialPlugin } from '@storefront/service-kit';
import { domainEventsPlugin } from '@storefront/service-kit/events';
import { databaseCheck, idempotencyLedgerPlugin, sqlitePlugin } from '@storefront/service-kit/sqlite';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { CartDb } from './db/cart-db.js';
import type { CheckoutMode } from './db/types.js';
import { orderOutcomeSubscription } from './events/order-outcome-policy.js';
import { checkoutSweepPlugin } from './plugins/checkout-sweep-plugin.js';
import { identityPlugin } from './plugins/identity-plugin.js';
import { cartRoutes } from './routes/cart-routes.js';
import { checkoutsRoutes } from './routes/checkouts-routes.js';
import { type ChoreographyRoutesOptions, choreographyRoutes } from './routes/choreography-routes.js';
import { ordersRoutes } from './routes/orders-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The cart database (opened and migrated). */
    db: CartDb;
  }
}

/**
 * Log paths never written beside the kit's (authorization, cookies): the anonymous cart id is the `sf_cart`
 * cookie's value, so its header is redacted like the cookie.
 */
export const LOG_REDACT_PATHS = ['req.headers["x-anonymous-cart"]'];

/** Options of {@link build}. */
export interface BuildOptions {
  /** SQLite file of the cart service; created and migrated on first start. */
  dbPath: string;
  /** Pino options (redaction is always added) or `false` (default, quiet tests). */
  logger?: FastifyServerOptions['logger'];
  /** How often expired idempotency keys and finished checkouts are deleted (default 60 s; tests). */
  sweepEveryMs?: number;
  /** `SERVICE_SECRET`: only requests signed with it by the BFF may write or name a shopper (no default). */
  serviceSecret: string;
  /** `NATS_URL`: domain events go through NATS JetStream (else consumers pull the feeds). */
  natsUrl?: string;
  /** `OUTBOX_RETENTION_MS`: how long the outbox keeps events (default a week). */
  outboxRetentionMs?: number;
  /** `CHECKOUT_MODE`: written to the setting at start when given (else the stored setting stays). */
  checkoutMode?: CheckoutMode;
  /** Where the catalog's event feed is (`CATALOG_EVENTS_URL`); without it the cart does not consume. */
  catalogEventsUrl?: string;
  /** Pause between feed reads when caught up (default 250 ms). */
  eventsPollMs?: number;
  /** DEMO ONLY: see {@link ChoreographyRoutesOptions}. */
  eventsOutsideTransaction?: ChoreographyRoutesOptions['eventsOutsideTransaction'];
}

const cartDbPlugin = sqlitePlugin('cart-db', (dbPath) => new CartDb(dbPath));

/** Creates the cart service's Fastify instance with every plugin registered; it is not listening. */
export function build(opts: BuildOptions): FastifyInstance {
  // The kit's ajv defaults suit the cart: bodies are validated as sent ("5" is not the integer 5).
  const app = createApp({
    name: 'cart-service',
    logger: opts.logger,
    redact: LOG_REDACT_PATHS,
    health: { service: 'cart', checks: [databaseCheck(() => app.db)] },
  });
  // Before any route's identity hook: a caller that is not the BFF is refused whatever it claims to be.
  app.register(serviceCredentialPlugin, { secret: opts.serviceSecret });
  app.register(identityPlugin);
  app.register(cartDbPlugin, { dbPath: opts.dbPath });
  const { checkoutMode } = opts;
  if (checkoutMode) app.after(() => app.db.setCheckoutMode(checkoutMode));
  // Keys of the cart writes, in the cart database: stored in the same transaction as each change.
  app.register(idempotencyLedgerPlugin, { sqlite: () => app.db.sqlite, sweepEveryMs: opts.sweepEveryMs });
  app.register(checkoutSweepPlugin, { everyMs: opts.sweepEveryMs });
  app.register(cartRoutes);
  app.register(ordersRoutes);
  app.register(checkoutsRoutes);
  app.register(choreographyRoutes, { eventsOutsideTransaction: opts.eventsOutsideTransaction });
  // GET /events: the cart's domain events, for services holding SERVICE_SECRET (every read here is signed); and
  // the cart's consumer of the catalog's stock events (the choreographed checkout).
  app.register(domainEventsPlugin, {
    sqlite: () => app.db.sqlite,
    service: 'cart-service',
    natsUrl: opts.natsUrl,
    retentionMs: opts.outboxRetentionMs,
    subscriptions: [orderOutcomeSubscription(() => app.db, app.log)],
    sources: opts.catalogEventsUrl ? { 'catalog-service': opts.catalogEventsUrl } : {},
    serviceSecret: opts.serviceSecret,
    pollMs: opts.eventsPollMs,
  });
  return app;
}
