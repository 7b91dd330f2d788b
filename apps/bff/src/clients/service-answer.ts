// What every client does with a service's answer: pass its 4xx on, refuse a 2xx of the wrong shape (502), and
// carry `meta.degraded` when the answer is the last good copy.
import type { Degraded, ShippingAddress } from '@storefront/contract';
import { ApiError } from '@storefront/service-kit';
import type { UpstreamOutcome } from '../upstream/types.js';

export type JsonObject = Record<string, unknown>;

/** A read's value and, when it is the last good copy, its `meta.degraded` (null when live). */
export interface Answer<T> {
  value: T;
  degraded: Degraded | null;
  /** The service replayed the stored answer of an earlier request with the same Idempotency-Key. */
  replayed?: boolean;
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a safe integer (a JSON number the BFF may pass on as `integer`). */
export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** The JSON types an answer check reads a scalar field as. */
export type FieldKind = 'integer' | 'string' | 'boolean';
type FieldType<Kind extends FieldKind> = Kind extends 'integer'
  ? number
  : Kind extends 'string'
    ? string
    : boolean;
/** The typed fields a {@link fieldsOf} checker returns. */
export type Fields<Spec extends Record<string, FieldKind>> = {
  -readonly [Name in keyof Spec]: FieldType<Spec[Name]>;
};

const FIELD_CHECKS: Record<FieldKind, (value: unknown) => boolean> = {
  integer: isInteger,
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
};

/** 502 for an upstream 2xx body of the wrong shape. */
export function invalidResponse(service: string, what: string): ApiError {
  return new ApiError(502, 'UPSTREAM_INVALID_RESPONSE', `${service} sent an unexpected ${what}`);
}

/**
 * A checker of an answer's scalar fields, built once per shape: it returns exactly the fields of `spec`, typed, or
 * throws a 502 naming the first field that is missing or of the wrong type. For answers off the hot path: the
 * product list writes its checks out, so that its objects keep one shape for the serialiser.
 */
export function fieldsOf<const Spec extends Record<string, FieldKind>>(
  service: string,
  what: string,
  spec: Spec,
): (raw: JsonObject) => Fields<Spec> {
  const checks = Object.entries(spec).map(([name, kind]) => [name, FIELD_CHECKS[kind]] as const);
  return (raw) => {
    const fields: JsonObject = {};
    for (const [name, check] of checks) {
      const value = raw[name];
      if (!check(value)) throw invalidResponse(service, `${what} (${name})`);
      fields[name] = value;
    }
    // Every field of the spec was just checked against its kind.
    return fields as Fields<Spec>;
  };
}

/** An upstream 4xx as an ApiError: its status, code, message and extra fields pass through unchanged. */
export function clientErrorOf(service: string, outcome: UpstreamOutcome): ApiError {
  const { status, json } = outcome.response;
  if (isRecord(json) && isRecord(json.error) && typeof json.error.code === 'string') {
    const { code, message, ...details } = json.error;
    return new ApiError(status, code, typeof message === 'string' ? message : code, { details });
  }
  return new ApiError(status, 'UPSTREAM_CLIENT_ERROR', `${service} answered HTTP ${status}`);
}

/** The JSON object of a 2xx answer; a 4xx is thrown with its code, any other body is a 502. */
export function jsonOf(service: string, outcome: UpstreamOutcome): JsonObject {
  if (outcome.response.status >= 400) throw clientErrorOf(service, outcome);
  const { json } = outcome.response;
  if (!isRecord(json)) throw invalidResponse(service, 'body');
  return json;
}

/** Maps a live or saved answer with `map` (which checks the shape) and says whether it was degraded. */
export function answerOf<T>(
  service: string,
  outcome: UpstreamOutcome,
  map: (json: JsonObject) => T,
): Answer<T> {
  const value = map(jsonOf(service, outcome));
  if (outcome.source === 'saved') return { value, degraded: outcome.degraded };
  return outcome.response.replayed ? { value, degraded: null, replayed: true } : { value, degraded: null };
}

/** Where the browser loads a catalog image: the service's `/images/x.svg` under `/api/catalog`. */
export function imageUrlOf(image: unknown): string | null {
  return typeof image === 'string' && image.startsWith('/images/') ? `/api/catalog${image}` : null;
}

/**
 * A checker of a shipping address as a service answers it: null when none, `line2` absent, null or text (built
 * once per service, like every checker).
 */
export function shippingAddressOf(service: string): (raw: unknown) => ShippingAddress | null {
  const required = fieldsOf(service, 'shipping address', {
    line1: 'string',
    city: 'string',
    postalCode: 'string',
    country: 'string',
  });
  return (raw) => {
    if (raw === null) return null;
    if (!isRecord(raw)) throw invalidResponse(service, 'shipping address');
    const address: ShippingAddress = required(raw);
    const { line2 } = raw;
    if (line2 === undefined) return address;
    if (line2 !== null && typeof line2 !== 'string')
      throw invalidResponse(service, 'shipping address (line2)');
    return { ...address, line2 };
  };
}
