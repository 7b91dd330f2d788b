// `/api/catalog/*`: products, categories and images from the catalog service.
import { DataMeta, errorResponse, Unavailable } from './common.js';
import { MAX_PAGE_SIZE, PRODUCT_SORTS, SLUG_PATTERN } from './constants.js';
import { Binary, defineRoute, Nullable, type Static, StringEnum, Type } from './schema.js';

const SLUG_BODY = SLUG_PATTERN.slice(1, -1);

/** A product as the browser sees it. */
export const Product = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  priceCents: Type.Integer(),
  currency: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  imageUrl: Nullable(Type.String(), { description: 'Image path under /api/catalog/images' }),
  stock: Type.Integer(),
  featured: Type.Boolean(),
});
export type Product = Static<typeof Product>;

/** A category with its number of products. */
export const Category = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  productCount: Type.Integer(),
});
export type Category = Static<typeof Category>;

/** Query of the product list. */
export const ProductsQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 100, description: 'Free-text search in name and description' }),
    ),
    category: Type.Optional(
      Type.String({ maxLength: 64, pattern: SLUG_PATTERN, description: 'Category slug' }),
    ),
    sort: Type.Optional(StringEnum(PRODUCT_SORTS, { default: 'name-asc', description: 'Sort order' })),
    page: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'Page number, from 1' }),
    ),
    pageSize: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 12, description: 'Items per page' }),
    ),
    featured: Type.Optional(
      Type.Boolean({ description: 'Only featured products (true) or only the others (false)' }),
    ),
  },
  { additionalProperties: false },
);
export type ProductsQuery = Static<typeof ProductsQuery>;

/** One page of products. */
export const ProductPageAnswer = Type.Object(
  {
    items: Type.Array(Product),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    meta: DataMeta,
  },
  { description: 'One page of products' },
);
export type ProductPageAnswer = Static<typeof ProductPageAnswer>;

export const ProductAnswer = Type.Object(
  { product: Product, meta: DataMeta },
  { description: 'The product' },
);
export type ProductAnswer = Static<typeof ProductAnswer>;

export const CategoriesAnswer = Type.Object(
  { items: Type.Array(Category), meta: DataMeta },
  { description: 'All categories' },
);
export type CategoriesAnswer = Static<typeof CategoriesAnswer>;

const DEGRADED_NOTE =
  ' When the catalog cannot answer, the last good copy of the same request is returned with the header ' +
  '`Storefront-Degraded: catalog; reason=<circuit-open|timeout|upstream-error>` and `meta.degraded` set; ' +
  'without a copy the answer is 503 UPSTREAM_UNAVAILABLE.';

export const listProducts = defineRoute({
  method: 'GET',
  url: '/api/catalog/products',
  schema: {
    description: `Search and page through products (catalog service GET /products).${DEGRADED_NOTE}`,
    tags: ['catalog'],
    querystring: ProductsQuery,
    response: {
      200: ProductPageAnswer,
      400: errorResponse('Invalid query (INVALID_REQUEST naming the param), including unknown parameters'),
      503: Unavailable,
    },
  },
});

export const getProduct = defineRoute({
  method: 'GET',
  url: '/api/catalog/products/:idOrSlug',
  schema: {
    description: `One product by id or slug (catalog service GET /products/:idOrSlug).${DEGRADED_NOTE}`,
    tags: ['catalog'],
    params: Type.Object({
      idOrSlug: Type.String({
        maxLength: 100,
        pattern: `^(?:[0-9]{1,12}|${SLUG_BODY})$`,
        description: 'Product id or slug',
      }),
    }),
    response: {
      200: ProductAnswer,
      400: errorResponse('Invalid id or slug (INVALID_REQUEST, param idOrSlug)'),
      404: errorResponse('No such product (PRODUCT_NOT_FOUND, from the catalog service)'),
      503: Unavailable,
    },
  },
});

export const listCategories = defineRoute({
  method: 'GET',
  url: '/api/catalog/categories',
  schema: {
    description: `Every category with its product count (catalog service GET /categories).${DEGRADED_NOTE}`,
    tags: ['catalog'],
    response: { 200: CategoriesAnswer, 503: Unavailable },
  },
});

export const getProductImage = defineRoute({
  method: 'GET',
  url: '/api/catalog/images/:file',
  schema: {
    description:
      'A product image (SVG) from the catalog service, cached by the browser for a day. A saved copy is ' +
      'served with the Storefront-Degraded header when the catalog cannot answer.',
    tags: ['catalog'],
    params: Type.Object({
      file: Type.String({
        maxLength: 120,
        pattern: `^${SLUG_BODY}\\.svg$`,
        description: 'Image file, <slug>.svg',
      }),
    }),
    response: {
      200: { description: 'The SVG image', content: { 'image/svg+xml': { schema: Binary } } },
      400: errorResponse('Invalid file name (INVALID_REQUEST, param file)'),
      404: errorResponse('No such image (from the catalog service)'),
      503: Unavailable,
    },
  },
});

/** Every catalog route. */
export const catalogRoutes = [listProducts, getProduct, listCategories, getProductImage] as const;
