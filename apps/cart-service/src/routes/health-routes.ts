import { errorBody } from '../lib/api-error.js';
import { defineRoutes } from '../lib/define-plugin.js';

/** `GET /health`: ok when a trivial query against the database succeeds, 503 otherwise. */
export const healthRoutes = defineRoutes('cart-health-routes', async (fastify) => {
  fastify.get('/health', async (request, reply) => {
    try {
      fastify.db.ping();
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unavailable');
      return reply.code(503).send(errorBody('DB_UNAVAILABLE', 'cart database is unavailable'));
    }
    return { status: 'ok', service: 'cart' };
  });
});
