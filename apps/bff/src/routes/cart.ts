import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { CART_COOKIE, clearCookie, readCartId } from '../lib/cookies.js';
import { definePlugin } from '../plugin.js';
import { cartIdentityHeaders, type Identity, identityScope } from '../plugins/session.js';
import {
  dataMetaSchema,
  errorResponseSchema,
  idempotencyHeaderSchema,
  unavailableResponseSchema,
} from '../schemas.js';
import { type Upstream, type UpstreamOutcome, UpstreamUnavailableError } from '../upstream/upstream.js';
import { answer, clientErrorOf, invalidResponse, isRecord, type JsonObject } from './answers.js';

const DEFAULT_CURRENCY = 'EUR';
const MAX_QUANTITY = 99;

const cartLineSchema = {
  type: 'object',
  required: [
    'productId',
    'name',
    'slug',
    'imageUrl',
    'unitPriceCents',
    'currency',
    'quantity',
    'lineTotalCents',
  ],
  properties: {
    productId: { type: 'integer' },
    name: { type: 'string' },
    slug: { type: 'string' },
    imageUrl: { type: ['string', 'null'], description: 'Image path under /api/catalog/images' },
    unitPriceCents: { type: 'integer' },
    currency: { type: 'string' },
    quantity: { type: 'integer' },
    lineTotalCents: { type: 'integer' },
  },
} as const;

/** `{ cart, meta }` answered by every cart route. */
const cartAnswerSchema = {
  description: 'The caller’s cart',
  type: 'object',
  required: ['cart', 'meta'],
  properties: {
    cart: {
      type: 'object',
      required: ['lines', 'itemCount', 'subtotalCents', 'currency'],
      properties: {
        lines: { type: 'array', items: cartLineSchema },
        itemCount: { type: 'integer' },
        subtotalCents: { type: 'integer' },
        currency: { type: 'string' },
      },
    },
    meta: dataMetaSchema,
  },
} as const;

const productIdParamsSchema = {
  type: 'object',
  required: ['productId'],
  properties: { productId: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const;

const IDENTITY_NOTE =
  ' The cart is the signed-in user’s, else the anonymous cart of the sf_cart cookie (set on the first write).';

/** The empty cart of a shopper the BFF does not know yet. */
export const EMPTY_CART = { lines: [], itemCount: 0, subtotalCents: 0, currency: DEFAULT_CURRENCY };

function integer(value: unknown): number | null {
  return Number.isSafeInteger(value) ? (value as number) : null;
}

/** Maps a cart-service line to the browser's shape (`image` → `imageUrl`). */
export function toBrowserLine(raw: unknown): JsonObject {
  if (!isRecord(raw)) throw invalidResponse('cart', 'cart line');
  const productId = integer(raw.productId);
  const unitPriceCents = integer(raw.unitPriceCents);
  const quantity = integer(raw.quantity);
  if (productId === null || unitPriceCents === null || quantity === null) {
    throw invalidResponse('cart', 'cart line');
  }
  const { image } = raw;
  return {
    productId,
    name: String(raw.name ?? ''),
    slug: String(raw.slug ?? ''),
    imageUrl: typeof image === 'string' && image.startsWith('/images/') ? `/api/catalog${image}` : null,
    unitPriceCents,
    currency: typeof raw.currency === 'string' ? raw.currency : DEFAULT_CURRENCY,
    quantity,
    lineTotalCents: integer(raw.lineTotalCents) ?? unitPriceCents * quantity,
  };
}

/** Maps a cart-service cart to the browser's shape (the service's `version` stays inside). */
export function toBrowserCart(raw: unknown): JsonObject {
  if (!isRecord(raw) || !Array.isArray(raw.lines)) throw invalidResponse('cart', 'cart');
  const lines = raw.lines.map(toBrowserLine);
  const sum = (field: string) => lines.reduce((total, line) => total + Number(line[field]), 0);
  return {
    lines,
    itemCount: integer(raw.itemCount) ?? sum('quantity'),
    subtotalCents: integer(raw.subtotalCents) ?? sum('lineTotalCents'),
    currency: typeof raw.currency === 'string' ? raw.currency : DEFAULT_CURRENCY,
  };
}

function cartOf(json: JsonObject): JsonObject {
  return { cart: toBrowserCart(json.cart) };
}

function requireIdentity(identity: Identity): NonNullable<Identity> {
  // The session plugin always resolves one for cart writes; a gap here is a wiring bug.
  if (!identity) throw new AppError(500, 'INTERNAL_ERROR', 'No identity for a cart write');
  return identity;
}

/**
 * Merges the anonymous cart into the user's (`POST /cart/merge`). Returns the merge answer, or null when
 * it could not be done now (the cart service is unavailable): the caller then keeps `sf_cart` so the
 * merge is tried again on the next cart read.
 */
export async function mergeAnonymousCart(
  cart: Upstream,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
  log: FastifyBaseLogger,
): Promise<UpstreamOutcome | null> {
  const anonymousCartId = readCartId(request);
  if (!anonymousCartId) return null;
  try {
    const outcome = await cart.request({
      method: 'POST',
      path: '/cart/merge',
      headers: { 'x-user-id': String(userId) },
      body: { anonymousCartId },
      requestId: request.id,
    });
    // 2xx merged; a 4xx is final (nothing to merge): either way the anonymous cart is done with.
    clearCookie(request, reply, CART_COOKIE);
    log.info({ status: outcome.response.status }, 'cart merged');
    return outcome.response.status < 400 ? outcome : null;
  } catch (error) {
    if (!(error instanceof UpstreamUnavailableError)) throw error;
    log.warn({ reason: error.reason }, 'cart merge pending');
    return null;
  }
}

export interface CartRoutesOptions {
  cart: Upstream;
  catalog: Upstream;
}

/** `/api/cart*`: the caller's cart, reads with saved copies per caller, writes with Idempotency-Key. */
export const cartRoutes = definePlugin<CartRoutesOptions>(
  'cart-routes',
  async (app, { cart, catalog }) => {
    app.get(
      '/api/cart',
      {
        config: { identity: 'cart-read' },
        schema: {
          description:
            `The caller’s cart (empty when none).${IDENTITY_NOTE} A signed-in user whose anonymous cart could ` +
            'not be merged at sign-in gets it merged here. Degraded contract: a saved copy of this caller’s cart ' +
            '(never another’s) with `Storefront-Degraded: cart; reason=…`, else 503.',
          tags: ['cart'],
          response: { 200: cartAnswerSchema, 503: unavailableResponseSchema },
        },
      },
      async (request, reply) => {
        const identity = request.identity;
        if (!identity) return { cart: EMPTY_CART, meta: { requestId: request.id, degraded: null } };
        if ('userId' in identity && readCartId(request)) {
          const merged = await mergeAnonymousCart(cart, request, reply, identity.userId, request.log);
          if (merged) return answer('cart', request, reply, merged, cartOf);
        }
        const outcome = await cart.request({
          path: '/cart',
          headers: cartIdentityHeaders(identity),
          savedCopy: { scope: identityScope(identity) },
          requestId: request.id,
        });
        return answer('cart', request, reply, outcome, cartOf);
      },
    );

    app.post<{ Body: { productId: number; quantity: number } }>(
      '/api/cart/lines',
      {
        config: { identity: 'cart-write', idempotency: 'optional' },
        schema: {
          description: `Adds a product (quantities add, capped by stock); the price is read live from the catalog.${IDENTITY_NOTE}`,
          tags: ['cart'],
          headers: idempotencyHeaderSchema(false),
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['productId', 'quantity'],
            properties: {
              productId: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
              quantity: { type: 'integer', minimum: 1, maximum: MAX_QUANTITY },
            },
          },
          response: {
            200: cartAnswerSchema,
            400: errorResponseSchema(
              'Invalid body (INVALID_REQUEST) or Idempotency-Key (INVALID_IDEMPOTENCY_KEY)',
            ),
            404: errorResponseSchema('No such product (PRODUCT_NOT_FOUND)'),
            409: errorResponseSchema(
              'Out of stock (INSUFFICIENT_STOCK) or key in use (IDEMPOTENCY_KEY_IN_USE)',
            ),
            422: errorResponseSchema('Idempotency-Key reused with another body (IDEMPOTENCY_KEY_REUSED)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const identity = requireIdentity(request.identity);
        const { productId, quantity } = request.body;
        // Live only: a line must never be priced from a saved copy.
        const read = await catalog.request({
          path: `/products/${productId}`,
          savedCopy: 'none',
          requestId: request.id,
        });
        if (read.response.status >= 400) throw clientErrorOf('catalog', read);
        const product = isRecord(read.response.json) ? read.response.json.product : undefined;
        if (!isRecord(product) || integer(product.priceCents) === null || integer(product.stock) === null) {
          throw invalidResponse('catalog', 'product');
        }
        const stock = product.stock as number;
        if (stock <= 0) {
          throw new AppError(409, 'INSUFFICIENT_STOCK', `${String(product.name)} is out of stock`, {
            details: { lines: [{ productId, requested: quantity, available: 0 }] },
          });
        }
        const outcome = await cart.request({
          method: 'PUT',
          path: `/cart/lines/${productId}`,
          headers: cartIdentityHeaders(identity),
          body: {
            quantity,
            mode: 'add',
            snapshot: {
              name: product.name,
              slug: product.slug,
              image: product.image,
              unitPriceCents: product.priceCents,
              currency: product.currency,
              stock,
            },
          },
          requestId: request.id,
        });
        return answer('cart', request, reply, outcome, cartOf);
      },
    );

    app.patch<{ Params: { productId: number }; Body: { quantity: number } }>(
      '/api/cart/lines/:productId',
      {
        config: { identity: 'cart-write', idempotency: 'optional' },
        schema: {
          description: `Sets a line's quantity (0 removes it), capped by the stock snapshot.${IDENTITY_NOTE}`,
          tags: ['cart'],
          headers: idempotencyHeaderSchema(false),
          params: productIdParamsSchema,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['quantity'],
            properties: { quantity: { type: 'integer', minimum: 0, maximum: MAX_QUANTITY } },
          },
          response: {
            200: cartAnswerSchema,
            400: errorResponseSchema('Invalid body, parameter or Idempotency-Key'),
            409: errorResponseSchema('Key in use (IDEMPOTENCY_KEY_IN_USE)'),
            422: errorResponseSchema('Idempotency-Key reused with another body (IDEMPOTENCY_KEY_REUSED)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const identity = requireIdentity(request.identity);
        const outcome = await cart.request({
          method: 'PUT',
          path: `/cart/lines/${request.params.productId}`,
          headers: cartIdentityHeaders(identity),
          body: { quantity: request.body.quantity, mode: 'set' },
          requestId: request.id,
        });
        return answer('cart', request, reply, outcome, cartOf);
      },
    );

    app.delete<{ Params: { productId: number } }>(
      '/api/cart/lines/:productId',
      {
        config: { identity: 'cart-write', idempotency: 'optional' },
        schema: {
          description: `Removes a line.${IDENTITY_NOTE}`,
          tags: ['cart'],
          headers: idempotencyHeaderSchema(false),
          params: productIdParamsSchema,
          response: {
            200: cartAnswerSchema,
            400: errorResponseSchema('Invalid parameter or Idempotency-Key'),
            409: errorResponseSchema('Key in use (IDEMPOTENCY_KEY_IN_USE)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const identity = requireIdentity(request.identity);
        const outcome = await cart.request({
          method: 'DELETE',
          path: `/cart/lines/${request.params.productId}`,
          headers: cartIdentityHeaders(identity),
          requestId: request.id,
        });
        return answer('cart', request, reply, outcome, cartOf);
      },
    );
  },
  { encapsulate: true },
);
