import { createApp, serviceCredentialPlugin } from '@storefront/service-kit';
import { domainEventsPlugin } from '@storefront/service-kit/events';
import { databaseCheck, sqlitePlugin } from '@storefront/service-kit/sqlite';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { CatalogDb } from './db/catalog-db.js';
import { orderStockSubscription } from './events/order-stock-policy.js';
import { checkSetting, RESERVATION_SWEEP_EVERY, RESERVATION_TTL } from './lib/reservation-settings.js';
import { reservationSweeperPlugin } from './plugins/reservation-sweeper-plugin.js';
import { stockReservationsPlugin } from './plugins/stock-reservations-plugin.js';
import { categoriesRoutes } from './routes/categories-routes.js';
import { imagesRoutes } from './routes/images-routes.js';
import { productsRoutes } from './routes/products-routes.js';
import { stockReservationsRoutes } from './routes/stock-reservations-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The catalog database (opened, migrated and seeded). */
    db: CatalogDb;
  }
}

/** Options of {@link build}. */
export interface BuildOptions {
  /** SQLite file of the catalog; created, migrated and seeded on first start. */
  dbPath: string;
  /** Fastify/pino logger options; `false` (default) keeps tests quiet. */
  logger?: FastifyServerOptions['logger'];
  /** How long a reservation holds stock before the sweeper returns it (1000–3600000; default 120000). */
  reservationTtlMs?: number;
  /** Time between two sweeps of expired reservations (100–600000; default 5000). */
  reservationSweepEveryMs?: number;
  /** The time of reservation changes, sweeps and reports; tests pass a fake clock. */
  clock?: () => Date;
  /** `SERVICE_SECRET`: writes (stock reservations, commits, releases) must be signed with it by the BFF. */
  serviceSecret: string;
  /** `NATS_URL`: domain events go through NATS JetStream (else consumers pull the feeds). */
  natsUrl?: string;
  /** `OUTBOX_RETENTION_MS`: how long the outbox keeps events (default a week). */
  outboxRetentionMs?: number;
  /** Where the cart's event feed is (`CART_EVENTS_URL`); without it the catalog does not consume. */
  cartEventsUrl?: string;
  /** Pause between feed reads when caught up (default 250 ms). */
  eventsPollMs?: number;
}

/** Creates the catalog service's Fastify instance with every plugin registered; it is not listening. */
export function build(opts: BuildOptions): FastifyInstance {
  const ttlMs = checkSetting(
    RESERVATION_TTL,
    'reservationTtlMs',
    opts.reservationTtlMs ?? RESERVATION_TTL.fallback,
  );
  const sweepEveryMs = checkSetting(
    RESERVATION_SWEEP_EVERY,
    'reservationSweepEveryMs',
    opts.reservationSweepEveryMs ?? RESERVATION_SWEEP_EVERY.fallback,
  );
  const app = createApp({
    name: 'catalog-service',
    logger: opts.logger,
    // Query strings are text: "5" must pass as the integer 5, and omitted parameters take their defaults.
    ajv: { coerceTypes: true, useDefaults: true },
    health: { service: 'catalog', checks: [databaseCheck(() => app.db)] },
  });
  // Opens the catalog database as `app.db`; the start log says how many products a first start seeded. The TTL
  // gives the reservations of a version-2 file their expiry when it is upgraded.
  const catalogDbPlugin = sqlitePlugin(
    'catalog-db',
    (dbPath) => new CatalogDb(dbPath, { reservationTtlMs: ttlMs }),
    (db) => ({ seededProducts: db.seededProducts }),
  );
  // Products, categories and images are public; stock reservations (every write) come from the BFF only.
  app.register(serviceCredentialPlugin, { secret: opts.serviceSecret, publicReads: true });
  app.register(catalogDbPlugin, { dbPath: opts.dbPath });
  app.register(categoriesRoutes);
  app.register(productsRoutes);
  app.register(imagesRoutes);
  app.register(stockReservationsPlugin, { ttlMs, clock: opts.clock });
  app.register(reservationSweeperPlugin, { everyMs: sweepEveryMs });
  app.register(stockReservationsRoutes);
  // GET /events: the catalog's domain events, public like its other reads (ids and quantities only); and the
  // catalog's consumer of the cart's order events (the choreographed checkout).
  app.register(domainEventsPlugin, {
    sqlite: () => app.db.sqlite,
    service: 'catalog-service',
    natsUrl: opts.natsUrl,
    retentionMs: opts.outboxRetentionMs,
    subscriptions: [orderStockSubscription(() => app.reservations, app.log)],
    sources: opts.cartEventsUrl ? { 'cart-service': opts.cartEventsUrl } : {},
    serviceSecret: opts.serviceSecret,
    pollMs: opts.eventsPollMs,
  });
  return app;
}
