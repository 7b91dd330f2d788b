import type { ProductQuery, SortKey } from '../db/types.js';
import { ApiError } from '../lib/api-error.js';
import { nameRoutes } from '../lib/define-plugin.js';
import { productPageSchema, productSchema, productsQuerySchema } from './schemas.js';

/** The query string after ajv has applied defaults and coerced types. */
interface ProductsQuerystring {
  q?: string;
  category?: string;
  sort: SortKey;
  page: number;
  pageSize: number;
  featured?: boolean;
}

// Ids are plain positive integers; anything else is treated as a slug. 15 digits keeps it a safe integer.
const NUMERIC_ID = /^\d{1,15}$/;

/** Shortens user input before echoing it in an error message. */
function preview(value: string): string {
  return value.length > 80 ? `${value.slice(0, 79)}…` : value;
}

/** `GET /products` and `GET /products/:idOrSlug`. */
export const productsRoutes = nameRoutes('catalog-products-routes', async (fastify) => {
  fastify.get<{ Querystring: ProductsQuerystring }>(
    '/products',
    { schema: { querystring: productsQuerySchema, response: { 200: productPageSchema } } },
    async (request) => {
      const { q, sort, page, pageSize, featured } = request.query;
      // An empty `category=` means "all categories", like an empty search box means "no search".
      const category = request.query.category || undefined;
      if (category !== undefined && !fastify.db.categoryExists(category)) {
        throw new ApiError(400, 'UNKNOWN_CATEGORY', `Unknown category "${preview(category)}".`, {
          param: 'category',
        });
      }
      const query: ProductQuery = { q, category, featured, sort, page, pageSize };
      const { items, total } = fastify.db.listProducts(query);
      return { items, total, page, pageSize };
    },
  );

  fastify.get<{ Params: { idOrSlug: string } }>(
    '/products/:idOrSlug',
    {
      schema: {
        response: {
          200: { type: 'object', required: ['product'], properties: { product: productSchema } },
        },
      },
    },
    async (request) => {
      const { idOrSlug } = request.params;
      const product = NUMERIC_ID.test(idOrSlug)
        ? fastify.db.findProductById(Number(idOrSlug))
        : fastify.db.findProductBySlug(idOrSlug);
      if (!product) {
        throw new ApiError(404, 'PRODUCT_NOT_FOUND', `No product with id or slug "${preview(idOrSlug)}".`);
      }
      return { product };
    },
  );
});
