import { SORT_KEYS } from '../db/types.js';

/** Largest page size a client may ask for. */
export const MAX_PAGE_SIZE = 48;
/** Upper bound on `page`, so the computed OFFSET always stays a safe integer. */
export const MAX_PAGE = 100_000;

/** Query string of `GET /products`; unknown parameters are rejected (`removeAdditional: false`). */
export const productsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 100 },
    category: { type: 'string', maxLength: 64 },
    sort: { type: 'string', enum: [...SORT_KEYS], default: 'name-asc' },
    page: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 12 },
    featured: { type: 'boolean' },
  },
} as const;

/** A product in responses (also used by fast-json-stringify to serialise it). */
export const productSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'slug',
    'name',
    'description',
    'priceCents',
    'currency',
    'category',
    'categoryName',
    'image',
    'stock',
    'featured',
    'createdAt',
  ],
  properties: {
    id: { type: 'integer' },
    slug: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    priceCents: { type: 'integer' },
    currency: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    image: { type: 'string' },
    stock: { type: 'integer' },
    featured: { type: 'boolean' },
    createdAt: { type: 'string' },
  },
} as const;

/** Body of `GET /products`. */
export const productPageSchema = {
  type: 'object',
  required: ['items', 'total', 'page', 'pageSize'],
  properties: {
    items: { type: 'array', items: productSchema },
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
  },
} as const;

/** Body of `GET /categories`. */
export const categoriesSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['slug', 'name', 'productCount'],
        properties: {
          slug: { type: 'string' },
          name: { type: 'string' },
          productCount: { type: 'integer' },
        },
      },
    },
  },
} as const;
