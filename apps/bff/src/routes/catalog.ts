import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { dataMetaSchema, errorResponseSchema, SLUG_PATTERN, unavailableResponseSchema } from '../schemas.js';
import type { Upstream, UpstreamOutcome } from '../upstream/upstream.js';

export const SORTS = ['name-asc', 'name-desc', 'price-asc', 'price-desc', 'newest'] as const;

interface ProductsQuery {
  q?: string;
  category?: string;
  sort: (typeof SORTS)[number];
  page: number;
  pageSize: number;
  featured?: boolean;
}

const productsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 100, description: 'Free-text search in name and description' },
    category: { type: 'string', maxLength: 64, pattern: SLUG_PATTERN, description: 'Category slug' },
    sort: { type: 'string', enum: SORTS, default: 'name-asc', description: 'Sort order' },
    page: { type: 'integer', minimum: 1, maximum: 100_000, default: 1, description: 'Page number, from 1' },
    pageSize: { type: 'integer', minimum: 1, maximum: 48, default: 12, description: 'Items per page' },
    featured: { type: 'boolean', description: 'Only featured products (true) or only the others (false)' },
  },
} as const;

const ID_OR_SLUG_PATTERN = `^(?:[0-9]{1,12}|${SLUG_PATTERN.slice(1, -1)})$`;
const IMAGE_FILE_PATTERN = `^${SLUG_PATTERN.slice(1, -1)}\\.svg$`;

const productParamsSchema = {
  type: 'object',
  required: ['idOrSlug'],
  properties: {
    idOrSlug: {
      type: 'string',
      maxLength: 100,
      pattern: ID_OR_SLUG_PATTERN,
      description: 'Product id or slug',
    },
  },
} as const;

const imageParamsSchema = {
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      maxLength: 120,
      pattern: IMAGE_FILE_PATTERN,
      description: 'Image file, <slug>.svg',
    },
  },
} as const;

/** Fields of a product as the browser sees it (the service's `image` becomes `imageUrl`). */
const PRODUCT_FIELDS = [
  'id',
  'slug',
  'name',
  'description',
  'priceCents',
  'currency',
  'category',
  'categoryName',
  'stock',
  'featured',
] as const;

const productSchema = {
  type: 'object',
  required: [...PRODUCT_FIELDS, 'imageUrl'],
  properties: {
    id: { type: 'integer' },
    slug: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    priceCents: { type: 'integer' },
    currency: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    imageUrl: { type: ['string', 'null'], description: 'Image path under /api/catalog/images' },
    stock: { type: 'integer' },
    featured: { type: 'boolean' },
  },
} as const;

const categorySchema = {
  type: 'object',
  required: ['slug', 'name', 'productCount'],
  properties: { slug: { type: 'string' }, name: { type: 'string' }, productCount: { type: 'integer' } },
} as const;

const DEGRADED_NOTE =
  ' When the catalog cannot answer, the last good copy of the same request is returned with the header ' +
  '`Storefront-Degraded: catalog; reason=<circuit-open|timeout|upstream-error>` and `meta.degraded` set; ' +
  'without a copy the answer is 503 UPSTREAM_UNAVAILABLE.';

type JsonObject = Record<string, unknown>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidResponse(what: string): AppError {
  return new AppError(502, 'UPSTREAM_INVALID_RESPONSE', `catalog sent an unexpected ${what}`);
}

/** Maps a catalog-service product to the browser's shape: picks the public fields, `image` → `imageUrl`. */
export function toBrowserProduct(raw: unknown): JsonObject {
  if (!isRecord(raw)) throw invalidResponse('product');
  const product: JsonObject = {};
  for (const field of PRODUCT_FIELDS) {
    if (!(field in raw)) throw invalidResponse(`product (missing ${field})`);
    product[field] = raw[field];
  }
  const { image } = raw;
  product.imageUrl =
    typeof image === 'string' && image.startsWith('/images/') ? `/api/catalog${image}` : null;
  return product;
}

function degradedHeader(request: FastifyRequest, reply: FastifyReply, outcome: UpstreamOutcome): void {
  if (outcome.source === 'saved') {
    request.log.info(
      {
        upstream: outcome.degraded.service,
        reason: outcome.degraded.reason,
        savedAt: outcome.degraded.savedAt,
      },
      'served last good copy',
    );
    reply.header('Storefront-Degraded', `${outcome.degraded.service}; reason=${outcome.degraded.reason}`);
  }
}

/** Passes an upstream 4xx on with its status and JSON error body (plus meta.requestId). */
function clientError(request: FastifyRequest, reply: FastifyReply, outcome: UpstreamOutcome): JsonObject {
  const { status, json } = outcome.response;
  reply.code(status);
  const body =
    isRecord(json) && isRecord(json.error)
      ? json
      : { error: { code: 'UPSTREAM_CLIENT_ERROR', message: `catalog answered HTTP ${status}` } };
  return { ...body, meta: { requestId: request.id } };
}

/** Builds a JSON answer from a live or saved upstream answer. */
function jsonAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: UpstreamOutcome,
  map: (json: JsonObject) => JsonObject,
): JsonObject {
  if (outcome.response.status >= 400) return clientError(request, reply, outcome);
  const { json } = outcome.response;
  if (!isRecord(json)) throw invalidResponse('body');
  degradedHeader(request, reply, outcome);
  const degraded = outcome.source === 'saved' ? outcome.degraded : null;
  return { ...map(json), meta: { requestId: request.id, degraded } };
}

function mapProductList(json: JsonObject): JsonObject {
  const { total, page, pageSize } = json;
  if (!Array.isArray(json.items) || ![total, page, pageSize].every((n) => Number.isInteger(n))) {
    throw invalidResponse('product list');
  }
  return {
    items: json.items.map(toBrowserProduct),
    total,
    page,
    pageSize,
  };
}

export interface CatalogRoutesOptions {
  upstream: Upstream;
}

/** `/api/catalog/*`: validated reads forwarded to the catalog service through its resilience policy. */
export const catalogRoutes = definePlugin<CatalogRoutesOptions>(
  'catalog-routes',
  async (app, { upstream }) => {
    app.get<{ Querystring: ProductsQuery }>(
      '/products',
      {
        schema: {
          description: `Search and page through products (catalog service GET /products).${DEGRADED_NOTE}`,
          tags: ['catalog'],
          querystring: productsQuerySchema,
          response: {
            200: {
              description: 'One page of products',
              type: 'object',
              required: ['items', 'total', 'page', 'pageSize', 'meta'],
              properties: {
                items: { type: 'array', items: productSchema },
                total: { type: 'integer' },
                page: { type: 'integer' },
                pageSize: { type: 'integer' },
                meta: dataMetaSchema,
              },
            },
            400: errorResponseSchema('Invalid query (INVALID_QUERY), including unknown parameters'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const { q, category, sort, page, pageSize, featured } = request.query;
        const trimmed = q?.trim();
        // Only known parameters, defaults applied, so equal requests share one saved copy.
        const query = { q: trimmed ? trimmed : undefined, category, sort, page, pageSize, featured };
        const outcome = await upstream.request({ path: '/products', query, requestId: request.id });
        return jsonAnswer(request, reply, outcome, mapProductList);
      },
    );

    app.get<{ Params: { idOrSlug: string } }>(
      '/products/:idOrSlug',
      {
        schema: {
          description: `One product by id or slug (catalog service GET /products/:idOrSlug).${DEGRADED_NOTE}`,
          tags: ['catalog'],
          params: productParamsSchema,
          response: {
            200: {
              description: 'The product',
              type: 'object',
              required: ['product', 'meta'],
              properties: { product: productSchema, meta: dataMetaSchema },
            },
            400: errorResponseSchema('Invalid id or slug (INVALID_PARAMETER)'),
            404: errorResponseSchema('No such product (PRODUCT_NOT_FOUND, from the catalog service)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const path = `/products/${encodeURIComponent(request.params.idOrSlug)}`;
        const outcome = await upstream.request({ path, requestId: request.id });
        return jsonAnswer(request, reply, outcome, (json) => ({ product: toBrowserProduct(json.product) }));
      },
    );

    app.get(
      '/categories',
      {
        schema: {
          description: `Every category with its product count (catalog service GET /categories).${DEGRADED_NOTE}`,
          tags: ['catalog'],
          response: {
            200: {
              description: 'All categories',
              type: 'object',
              required: ['items', 'meta'],
              properties: { items: { type: 'array', items: categorySchema }, meta: dataMetaSchema },
            },
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const outcome = await upstream.request({ path: '/categories', requestId: request.id });
        return jsonAnswer(request, reply, outcome, (json) => {
          if (!Array.isArray(json.items)) throw invalidResponse('category list');
          return { items: json.items };
        });
      },
    );

    app.get<{ Params: { file: string } }>(
      '/images/:file',
      {
        schema: {
          description:
            'A product image (SVG) from the catalog service, cached by the browser for a day. A saved copy is ' +
            'served with the Storefront-Degraded header when the catalog cannot answer.',
          tags: ['catalog'],
          params: imageParamsSchema,
          response: {
            200: {
              description: 'The SVG image',
              content: { 'image/svg+xml': { schema: { type: 'string' } } },
            },
            400: errorResponseSchema('Invalid file name (INVALID_PARAMETER)'),
            404: errorResponseSchema('No such image (from the catalog service)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const path = `/images/${encodeURIComponent(request.params.file)}`;
        const outcome = await upstream.request({ path, requestId: request.id });
        if (outcome.response.status >= 400) return clientError(request, reply, outcome);
        degradedHeader(request, reply, outcome);
        return (
          reply
            .header('content-type', outcome.response.contentType || 'image/svg+xml')
            .header('cache-control', 'public, max-age=86400')
            .header('x-content-type-options', 'nosniff')
            // An SVG opened on its own must not run scripts in our origin.
            .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
            .send(outcome.response.body)
        );
      },
    );
  },
  { encapsulate: true },
);
