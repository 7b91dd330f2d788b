import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { dbPlugin } from './plugins/db-plugin.js';
import { errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler-plugin.js';
import { REQUEST_ID_HEADER, requestIdPlugin } from './plugins/request-id-plugin.js';
import { stockReservationsPlugin } from './plugins/stock-reservations-plugin.js';
import { categoriesRoutes } from './routes/categories-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { imagesRoutes } from './routes/images-routes.js';
import { productsRoutes } from './routes/products-routes.js';
import { stockReservationsRoutes } from './routes/stock-reservations-routes.js';

/** Options of {@link build}. */
export interface BuildOptions {
  /** SQLite file of the catalog; created, migrated and seeded on first start. */
  dbPath: string;
  /** Fastify/pino logger options; `false` (default) keeps tests quiet. */
  logger?: FastifyServerOptions['logger'];
}

/** Creates the catalog service's Fastify instance with every plugin registered; it is not listening. */
export function build(opts: BuildOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    requestIdHeader: REQUEST_ID_HEADER,
    genReqId: () => randomUUID(),
    // Unknown query parameters must fail validation instead of being silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
    frameworkErrors: frameworkErrorHandler,
  });

  app.register(requestIdPlugin);
  app.register(errorHandlerPlugin);
  app.register(dbPlugin, { dbPath: opts.dbPath });
  app.register(healthRoutes);
  app.register(categoriesRoutes);
  app.register(productsRoutes);
  app.register(imagesRoutes);
  app.register(stockReservationsPlugin);
  app.register(stockReservationsRoutes);
  return app;
}
