import { ApiError, definePlugin } from '@storefront/service-kit';
import type { ProductQuery, SortKey } from '../db/types.js';
import type { ErrorCode } from '../lib/error-codes.js';
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
export const productsRoutes = definePlugin(
  'catalog-products-routes',
  async (app) => {
    app.get<{ Querystring: ProductsQuerystring }>(
      '/products',
      { schema: { querystring: productsQuerySchema, response: { 200: productPageSchema } } },
      async (request) => {
        const { q, sort, page, pageSize, featured } = request.query;
        // An empty `category=` means "all categories", like an empty search box means "no search".
        const category = request.query.category || undefined;
        if (category !== undefined && !app.db.categoryExists(category)) {
          throw new ApiError<ErrorCode>(400, 'UNKNOWN_CATEGORY', `Unknown category "${preview(category)}".`, {
            details: { param: 'category' },
          });
        }
        const query: ProductQuery = { q, category, featured, sort, page, pageSize };
        const { items, total } = app.db.listProducts(query);
        return { items, total, page, pageSize };
      },
    );

    app.get<{ Params: { idOrSlug: string } }>(
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
          ? app.db.findProductById(Number(idOrSlug))
          : app.db.findProductBySlug(idOrSlug);
        if (!product) {
          throw new ApiError<ErrorCode>(
            404,
            'PRODUCT_NOT_FOUND',
            `No product with id or slug "${preview(idOrSlug)}".`,
          );
        }
        return { product };
      },
    );
  },
  { encapsulate: true },
);
