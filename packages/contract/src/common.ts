// What every answer of the BFF shares: `meta`, the degraded contract and the one error envelope.
import { BREAKER_STATES, DEGRADED_REASONS } from './constants.js';
import { Nullable, type Static, StringEnum, Type } from './schema.js';

/** `meta.degraded` of an answer served from the last good copy. */
export const Degraded = Type.Object({
  service: Type.String(),
  reason: StringEnum(DEGRADED_REASONS),
  savedAt: Type.String({ format: 'date-time' }),
  retryAfterMs: Type.Integer({ minimum: 0 }),
});
export type Degraded = Static<typeof Degraded>;

/** `meta` of answers that come from an upstream: `degraded` is null when live. */
export const DataMeta = Type.Object({
  requestId: Type.String(),
  degraded: Nullable(Degraded, {
    description:
      'null when live; set when the answer is the last good copy (see the Storefront-Degraded header)',
  }),
});
export type DataMeta = Static<typeof DataMeta>;

/** `meta` of the BFF's own answers. */
export const Meta = Type.Object({ requestId: Type.String() });
export type Meta = Static<typeof Meta>;

/** The body of every 4xx/5xx answer: `{ error: { code, message, ...details }, meta: { requestId } }`. */
export const ErrorEnvelope = Type.Object(
  {
    error: Type.Object(
      { code: Type.String(), message: Type.String() },
      { additionalProperties: true, description: 'Extra fields (field, param, service, lines…) per code' },
    ),
    meta: Type.Object({ requestId: Type.String() }, { additionalProperties: true }),
  },
  { additionalProperties: true },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;

/** The envelope, described for one status of one route (name the codes in `description`). */
export function errorResponse(description: string) {
  return Type.Object(ErrorEnvelope.properties, { additionalProperties: true, description });
}

/** The 503 of the degraded contract: the upstream cannot answer and there is no saved copy. */
export const Unavailable = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.Literal('UPSTREAM_UNAVAILABLE'),
        message: Type.String(),
        service: Type.String(),
        breaker: StringEnum(BREAKER_STATES),
        retryAfterMs: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: true },
    ),
    meta: Type.Object({ requestId: Type.String() }, { additionalProperties: true }),
  },
  {
    additionalProperties: true,
    description:
      'The upstream cannot answer and the BFF has no saved copy of this request. Sent with a Retry-After header (seconds).',
  },
);
export type Unavailable = Static<typeof Unavailable>;

/**
 * The `Idempotency-Key` request header. Never `required` in the schema: a missing or malformed key gets its own
 * code (IDEMPOTENCY_KEY_REQUIRED / INVALID_IDEMPOTENCY_KEY) from the BFF.
 */
export function IdempotencyHeaders(required: boolean) {
  return Type.Object({
    'idempotency-key': Type.Optional(
      Type.String({
        description:
          (required ? 'Required (400 IDEMPOTENCY_KEY_REQUIRED). ' : 'Optional. ') +
          '1–255 visible ASCII characters, scoped to the caller, kept 24 h: same key and body → stored answer ' +
          '(Idempotent-Replayed: true); other body → 422 IDEMPOTENCY_KEY_REUSED; still running → 409 IDEMPOTENCY_KEY_IN_USE',
      }),
    ),
  });
}
