import { createApp } from '@storefront/service-kit';
import { databaseCheck, sqlitePlugin } from '@storefront/service-kit/sqlite';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { CatalogDb } from './db/catalog-db.js';
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
}

/** Opens the catalog database as `app.db`; the start log says how many products a first start seeded. */
const catalogDbPlugin = sqlitePlugin(
  'catalog-db',
  (dbPath) => new CatalogDb(dbPath),
  (db) => ({ seededProducts: db.seededProducts }),
);

/** Creates the catalog service's Fastify instance with every plugin registered; it is not listening. */
export function build(opts: BuildOptions): FastifyInstance {
  const app = createApp({
    name: 'catalog-service',
    logger: opts.logger,
    // Query strings are text: "5" must pass as the integer 5, and omitted parameters take their defaults.
    ajv: { coerceTypes: true, useDefaults: true },
    health: { service: 'catalog', checks: [databaseCheck(() => app.db)] },
  });
  app.register(catalogDbPlugin, { dbPath: opts.dbPath });
  app.register(categoriesRoutes);
  app.register(productsRoutes);
  app.register(imagesRoutes);
  app.register(stockReservationsPlugin);
  app.register(stockReservationsRoutes);
  return app;
}
