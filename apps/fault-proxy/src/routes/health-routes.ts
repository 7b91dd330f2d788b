import { routesPlugin } from '../lib/plugin-meta.js';

/** `GET /health`: the control API is up; lists how many targets it proxies. */
export const healthRoutes = routesPlugin('fault-proxy-health-routes', async (fastify) => {
  fastify.get('/health', async () => ({
    status: 'ok',
    service: 'fault-proxy',
    targets: fastify.targets.size,
  }));
});
