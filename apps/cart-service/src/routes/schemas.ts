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

/** Body of `POST /orders`. */
export const createOrderBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['checkoutId', 'lines', 'shippingAddress', 'expectedCartVersion'],
  properties: {
    checkoutId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ORDER_LINES,
      items: {
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
      },
    },
    shippingAddress: shippingAddressSchema,
    expectedCartVersion: { type: 'integer', minimum: 0 },
  },
} as const;
