// Idempotency keys as every process reads them (IETF draft "The Idempotency-Key HTTP Header Field"): the header's
// form, the fingerprint of a request, and the names of the headers. The BFF checks the shopper's key at its edge;
// each service stores the key it is given with the effect (sqlite/idempotency-ledger.ts).
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer that is the stored answer of an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** How long a key is remembered (published in docs/cart-and-account.md). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** 1–255 visible ASCII characters. */
const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

/**
 * The request's `Idempotency-Key`, undefined when absent; 400 `INVALID_IDEMPOTENCY_KEY` when malformed (a
 * repeated header arrives as an array and is malformed too).
 */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new ApiError(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
    );
  }
  return header;
}

/** JSON with object keys sorted at every level, so equal bodies hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of method, path and the canonical JSON of what makes the request this request. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

/** 422: the key was already used for a different request (same caller). */
export function keyReusedError(): ApiError {
  return new ApiError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a different request',
  );
}
