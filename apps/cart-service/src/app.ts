import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceLoggerOptions } from './lib/logging.js';
import { dbPlugin } from './plugins/db-plugin.js';
import { errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler-plugin.js';
import { identityPlugin } from './plugins/identity-plugin.js';
import { REQUEST_ID_HEADER, requestIdPlugin } from './plugins/request-id-plugin.js';
import { cartRoutes } from './routes/cart-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { ordersRoutes } from './routes/orders-routes.js';

/** Options of {@link build}. */
export interface BuildOptions {
  /** SQLite file of the cart service; created and migrated on first start. */
  dbPath: string;
  /** Logger options (see `loggerOptions`); `false` (default) keeps tests quiet. */
  logger?: ServiceLoggerOptions | false;
}

/** Creates the cart service's Fastify instance with every plugin registered; it is not listening. */
export function build(opts: BuildOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    requestIdHeader: REQUEST_ID_HEADER,
    genReqId: () => randomUUID(),
    // Unknown fields must fail validation (not be stripped) and "5" must not pass as the integer 5.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    frameworkErrors: frameworkErrorHandler,
  });

  app.register(requestIdPlugin);
  app.register(errorHandlerPlugin);
  app.register(identityPlugin);
  app.register(dbPlugin, { dbPath: opts.dbPath });
  app.register(healthRoutes);
  app.register(cartRoutes);
  app.register(ordersRoutes);
  return app;
}
