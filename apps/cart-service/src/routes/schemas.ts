/** Upper bound on prices, so totals of up to 100 lines × 99 units stay exact integers. */
export const MAX_PRICE_CENTS = 1_000_000_000;
/** Lines one order may hold. */
export const MAX_ORDER_LINES = 100;

const currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

/** Product facts the BFF copies from the catalog into a cart line. */
export const snapshotSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'slug', 'image', 'unitPriceCents', 'currency', 'stock'],
  properties: {
    name: text(200),
    slug: text(200),
    image: { type: 'string', maxLength: 500 },
    unitPriceCents: { type: 'integer', minimum: 0, maximum: MAX_PRICE_CENTS },
    currency,
    stock: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  },
} as const;

/** Body of `PUT /cart/lines/:productId`. */
export const putLineBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['quantity', 'mode'],
  properties: {
    quantity: { type: 'integer', minimum: 0, maximum: 99 },
    mode: { type: 'string', enum: ['add', 'set'] },
    snapshot: snapshotSchema,
  },
} as const;

/** Body of `POST /cart/merge`. */
export const mergeBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['anonymousCartId'],
  properties: {
    anonymousCartId: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' },
  },
} as const;

/** `{ line1, line2?, city, postalCode, country }` as in docs/cart-and-account.md. */
export const shippingAddressSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['line1', 'city', 'postalCode', 'country'],
  properties: {
    line1: text(200),
    line2: { type: 'string', maxLength: 200 },
    city: text(100),
    postalCode: text(20),
    country: { type: 'string', pattern: '^[A-Za-z]{2}$' },
  },
} as const;

/** A line of an order as the BFF priced it (`POST /orders`, and a checkout's `lines`). */
export const orderLineSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['productId', 'name', 'unitPriceCents', 'currency', 'quantity'],
  properties: {
    productId: { type: 'integer', minimum: 1 },
    name: text(200),
    unitPriceCents: { type: 'integer', minimum: 0, maximum: MAX_PRICE_CENTS },
    currency,
    quantity: { type: 'integer', minimum: 1, maximum: 99 },
  },
} as const;

/** A checkout id (the BFF's; also the stock reservation's id and the order's `checkoutId`). */
export const CHECKOUT_ID_PATTERN = '^[A-Za-z0-9_-]{8,64}$';

/** Body of `POST /orders`. */
export const createOrderBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['checkoutId', 'lines', 'shippingAddress', 'expectedCartVersion'],
  properties: {
    checkoutId: { type: 'string', pattern: CHECKOUT_ID_PATTERN },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ORDER_LINES,
      items: orderLineSchema,
    },
    shippingAddress: shippingAddressSchema,
    expectedCartVersion: { type: 'integer', minimum: 0 },
  },
} as const;

/** Path of the `/checkouts/:id` routes. */
export const checkoutParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: CHECKOUT_ID_PATTERN } },
} as const;

/** Body of `PUT /checkouts/:id`. */
export const openCheckoutBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['shippingAddress'],
  properties: { shippingAddress: shippingAddressSchema },
} as const;

const checkoutState = {
  type: 'string',
  enum: ['open', 'reserving', 'releasing', 'ordered', 'completed', 'failed'],
} as const;

/** Longest `staleAfterMs` (about 115 days), so that "now minus it" is always a valid date. */
export const MAX_STALE_AFTER_MS = 9_999_999_999;

/** Body of `POST /checkouts/:id/transitions` (which pairs are allowed is checked by the route). */
export const transitionBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { type: 'array', minItems: 1, maxItems: 6, uniqueItems: true, items: checkoutState },
    to: checkoutState,
    lines: { type: 'array', minItems: 1, maxItems: MAX_ORDER_LINES, items: orderLineSchema },
    cartVersion: { type: 'integer', minimum: 0 },
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'code', 'message'],
      properties: {
        status: { type: 'integer', minimum: 400, maximum: 599 },
        code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$' },
        message: { type: 'string', maxLength: 1000 },
        details: { type: 'object' },
      },
    },
    staleAfterMs: { type: 'integer', minimum: 0, maximum: MAX_STALE_AFTER_MS },
  },
} as const;

/** Query of `GET /checkouts/unfinished` (strings: the cart service does not coerce query values). */
export const unfinishedQuerySchema = {
  type: 'object',
  properties: {
    staleAfterMs: { type: 'string', pattern: '^[0-9]{1,10}$' },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
  },
} as const;
