import swagger from '@fastify/swagger';
import { getOpenApi } from '@storefront/contract';
import { definePlugin } from '@storefront/service-kit';

/**
 * Collects every route's schema (so it must be registered before the routes) and serves the generated
 * OpenAPI 3 document on `GET /api/openapi.json`. The routes' schemas are the contract's, so the document is too.
 */
export const openapiPlugin = definePlugin('openapi', async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Storefront BFF',
        version: '0.1.0',
        description:
          'The only API of the browser. Reads that cannot be answered live are answered from the last good copy ' +
          '(header Storefront-Degraded, body meta.degraded) or with 503 UPSTREAM_UNAVAILABLE and Retry-After.',
      },
      tags: [
        { name: 'catalog', description: 'Products, categories and images from the catalog service' },
        { name: 'cart', description: 'The caller’s cart and checkout (cart service, catalog for prices)' },
        { name: 'orders', description: 'The signed-in user’s orders (cart service)' },
        {
          name: 'account',
          description: 'Sign-up, sign-in, sign-out, current user and profile (account service)',
        },
        { name: 'meta', description: 'Health, resilience state, metrics and this document' },
        {
          name: 'ops',
          description:
            'The resilience console: live stream of breakers and faults; fault injection (demo mode, loopback only)',
        },
      ],
    },
  });

  app.route({ ...getOpenApi, handler: async () => app.swagger() });
});
