import { errorBody } from '../lib/api-error.js';
import { nameRoutes } from '../lib/define-plugin.js';

/** `GET /health`: ok when the database answers a trivial query, 503 otherwise. */
export const healthRoutes = nameRoutes('account-health-routes', async (fastify) => {
  fastify.get('/health', async (request, reply) => {
    try {
      fastify.db.check();
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unavailable');
      return reply.code(503).send(errorBody('DB_UNAVAILABLE', 'account database is unavailable'));
    }
    return { status: 'ok', service: 'account' };
  });
});
