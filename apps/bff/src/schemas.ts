// JSON schemas shared by several routes. They drive validation, serialisation and the OpenAPI document.

/** Slug of a product or category: lower-case words joined by single dashes. */
export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

/** `meta` of error bodies. */
const errorMetaSchema = {
  type: 'object',
  properties: { requestId: { type: 'string' } },
  additionalProperties: true,
} as const;

/** Builds the schema of a `{ error: { code, message, ... } }` body for the given status description. */
export function errorResponseSchema(description: string) {
  return {
    description,
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' } },
        additionalProperties: true,
      },
      meta: errorMetaSchema,
    },
    additionalProperties: true,
  } as const;
}

/** The 503 body of the degraded contract (no saved copy). */
export const unavailableResponseSchema = {
  description:
    'The upstream cannot answer and the BFF has no saved copy of this request. Sent with a Retry-After header (seconds).',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'service', 'breaker', 'retryAfterMs'],
      properties: {
        code: { type: 'string', enum: ['UPSTREAM_UNAVAILABLE'] },
        message: { type: 'string' },
        service: { type: 'string' },
        breaker: { type: 'string', enum: ['closed', 'open', 'half-open'] },
        retryAfterMs: { type: 'integer', minimum: 0 },
      },
      additionalProperties: true,
    },
    meta: errorMetaSchema,
  },
  additionalProperties: true,
} as const;

/** `meta.degraded`: null for a live answer, the facts about the saved copy otherwise. */
export const degradedSchema = {
  type: ['object', 'null'],
  description:
    'null when live; set when the answer is the last good copy (see the Storefront-Degraded header)',
  required: ['service', 'reason', 'savedAt', 'retryAfterMs'],
  properties: {
    service: { type: 'string' },
    reason: { type: 'string', enum: ['circuit-open', 'timeout', 'upstream-error'] },
    savedAt: { type: 'string', format: 'date-time' },
    retryAfterMs: { type: 'integer', minimum: 0 },
  },
} as const;

/** `meta` of JSON answers that come from an upstream. */
export const dataMetaSchema = {
  type: 'object',
  required: ['requestId', 'degraded'],
  properties: { requestId: { type: 'string' }, degraded: degradedSchema },
} as const;

/** `meta` of the BFF's own JSON answers. */
export const simpleMetaSchema = {
  type: 'object',
  required: ['requestId'],
  properties: { requestId: { type: 'string' } },
} as const;

/** `shippingAddress` = `{ line1, line2?, city, postalCode, country }` (country: two letters). */
export const shippingAddressSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['line1', 'city', 'postalCode', 'country'],
  properties: {
    line1: { type: 'string', minLength: 1, maxLength: 200 },
    line2: { type: 'string', maxLength: 200 },
    city: { type: 'string', minLength: 1, maxLength: 100 },
    postalCode: { type: 'string', minLength: 1, maxLength: 20 },
    country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' },
  },
} as const;

/** A shipping address as answered (line2 may be absent or null). */
export const shippingAddressAnswerSchema = {
  type: ['object', 'null'],
  properties: {
    line1: { type: 'string' },
    line2: { type: ['string', 'null'] },
    city: { type: 'string' },
    postalCode: { type: 'string' },
    country: { type: 'string' },
  },
} as const;

/** A signed-in user as the browser sees it. */
export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'name'],
  properties: { id: { type: 'integer' }, email: { type: 'string' }, name: { type: 'string' } },
} as const;

/** An order from the cart service (passed through). */
export const orderSchema = {
  type: 'object',
  required: ['id', 'status', 'lines', 'totalCents', 'currency', 'createdAt'],
  properties: {
    id: { type: ['integer', 'string'] },
    checkoutId: { type: 'string' },
    status: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          productId: { type: 'integer' },
          name: { type: 'string' },
          unitPriceCents: { type: 'integer' },
          currency: { type: 'string' },
          quantity: { type: 'integer' },
        },
        additionalProperties: true,
      },
    },
    itemCount: { type: 'integer' },
    totalCents: { type: 'integer' },
    currency: { type: 'string' },
    shippingAddress: shippingAddressAnswerSchema,
    createdAt: { type: 'string' },
  },
  additionalProperties: true,
} as const;

/**
 * The `Idempotency-Key` request header. Never `required` in the schema: a missing or malformed key gets its
 * own code (IDEMPOTENCY_KEY_REQUIRED / INVALID_IDEMPOTENCY_KEY) from the idempotency plugin.
 */
export function idempotencyHeaderSchema(required: boolean) {
  return {
    type: 'object',
    properties: {
      'idempotency-key': {
        type: 'string',
        description:
          (required ? 'Required (400 IDEMPOTENCY_KEY_REQUIRED). ' : 'Optional. ') +
          '1–255 visible ASCII characters, scoped to the caller, kept 24 h: same key and body → stored answer ' +
          '(Idempotent-Replayed: true); other body → 422 IDEMPOTENCY_KEY_REUSED; still running → 409 IDEMPOTENCY_KEY_IN_USE',
      },
    },
  } as const;
}
