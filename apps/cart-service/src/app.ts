import { createApp, serviceCredentialPlugin } from '@storefront/service-kit';
import {
  databaseCheck,
  eventFeedPlugin,
  idempotencyLedgerPlugin,
  sqlitePlugin,
} from '@storefront/service-kit/sqlite';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { CartDb } from './db/cart-db.js';
import { checkoutSweepPlugin } from './plugins/checkout-sweep-plugin.js';
import { identityPlugin } from './plugins/identity-plugin.js';
import { cartRoutes } from './routes/cart-routes.js';
import { checkoutsRoutes } from './routes/checkouts-routes.js';
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
  // Keys of the cart writes, in the cart database: stored in the same transaction as each change.
  app.register(idempotencyLedgerPlugin, { sqlite: () => app.db.sqlite, sweepEveryMs: opts.sweepEveryMs });
  app.register(checkoutSweepPlugin, { everyMs: opts.sweepEveryMs });
  app.register(cartRoutes);
  app.register(ordersRoutes);
  app.register(checkoutsRoutes);
  // GET /events: the cart's domain events, for services holding SERVICE_SECRET (every read here is signed).
  app.register(eventFeedPlugin, { sqlite: () => app.db.sqlite });
  return app;
}
