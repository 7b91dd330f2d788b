import { getProduct, getProductImage, listCategories, listProducts } from '@storefront/contract';
import type { CatalogClient } from '../clients/catalog-client.js';
import { dataAnswer, markDegraded } from '../http/answers.js';
import { defineRoutes } from '../http/define-routes.js';

export interface CatalogRoutesOptions {
  catalog: CatalogClient;
}

/** `/api/catalog/*`: validated reads answered by the catalog client, with the degraded contract. */
export const catalogRoutes = defineRoutes<CatalogRoutesOptions>(
  'catalog-routes',
  async (api, { catalog }) => {
    api.route({
      ...listProducts,
      handler: async (request, reply) =>
        dataAnswer(request, reply, await catalog.listProducts(request.query, request.id)),
    });

    api.route({
      ...getProduct,
      handler: async (request, reply) =>
        dataAnswer(request, reply, await catalog.getProduct(request.params.idOrSlug, request.id)),
    });

    api.route({
      ...listCategories,
      handler: async (request, reply) => dataAnswer(request, reply, await catalog.listCategories(request.id)),
    });

    api.route({
      ...getProductImage,
      handler: async (request, reply) => {
        const { value, degraded } = await catalog.getImage(request.params.file, request.id);
        markDegraded(request, reply, degraded);
        return (
          reply
            .header('content-type', value.contentType || 'image/svg+xml')
            .header('cache-control', 'public, max-age=86400')
            .header('x-content-type-options', 'nosniff')
            // An SVG opened on its own must not run scripts in our origin.
            .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
            .send(value.body)
        );
      },
    });
  },
);
