import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { DegradedInfo, UpstreamOutcome } from '../upstream/upstream.js';

export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 502 for an upstream 2xx body of the wrong shape. */
export function invalidResponse(service: string, what: string): AppError {
  return new AppError(502, 'UPSTREAM_INVALID_RESPONSE', `${service} sent an unexpected ${what}`);
}

/** An upstream 4xx as an AppError: its status and JSON error pass through unchanged. */
export function clientErrorOf(service: string, outcome: UpstreamOutcome): AppError {
  const { status, json } = outcome.response;
  if (isRecord(json) && isRecord(json.error) && typeof json.error.code === 'string') {
    const { code, message, ...details } = json.error;
    return new AppError(status, code, typeof message === 'string' ? message : code, { details });
  }
  return new AppError(status, 'UPSTREAM_CLIENT_ERROR', `${service} answered HTTP ${status}`);
}

/** Sets `Storefront-Degraded` for a saved copy and returns `meta.degraded`. */
export function degradedMeta(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: UpstreamOutcome,
): DegradedInfo | null {
  if (outcome.source !== 'saved') return null;
  const { service, reason, savedAt } = outcome.degraded;
  request.log.info({ upstream: service, reason, savedAt }, 'served last good copy');
  reply.header('Storefront-Degraded', `${service}; reason=${reason}`);
  return outcome.degraded;
}

/**
 * Turns an upstream answer into `{ ...map(json), meta: { requestId, degraded } }`; a 4xx is thrown
 * with its code, a 2xx body that is not an object is a 502.
 */
export function answer(
  service: string,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: UpstreamOutcome,
  map: (json: JsonObject) => JsonObject,
): JsonObject {
  if (outcome.response.status >= 400) throw clientErrorOf(service, outcome);
  const { json } = outcome.response;
  if (!isRecord(json)) throw invalidResponse(service, 'body');
  const mapped = map(json);
  return { ...mapped, meta: { requestId: request.id, degraded: degradedMeta(request, reply, outcome) } };
}
