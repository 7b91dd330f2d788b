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
