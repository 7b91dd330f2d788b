// The fault proxy's error codes and its own reading of client errors; the kit answers everything else with the
// one envelope `{ error: { code, message, ...details }, meta: { requestId } }`.
import { ApiError, isApiError, type KitErrorCode } from '@storefront/service-kit';
import type { FastifyRequest } from 'fastify';
import { validateFault } from './faults.js';

/** Every code the fault proxy answers: control API and the answers it writes on proxied connections. */
export type ErrorCode =
  | KitErrorCode
  | 'UNKNOWN_TARGET'
  | 'UNKNOWN_SCENARIO'
  | 'SUPERVISOR_UNAVAILABLE'
  | 'LOOPBACK_ONLY'
  | 'INJECTED_FAULT'
  | 'UPSTREAM_UNREACHABLE';

/** A coded error of the fault proxy. */
export function faultProxyError(
  status: number,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(status, code, message, details ? { details } : {});
}

function isRoute(request: FastifyRequest, method: string, url: string): boolean {
  return request.method === method && request.routeOptions.url === url;
}

/**
 * `createApp({ errors: { classify } })`: a fault body that fails the schema is INVALID_REQUEST like any other
 * schema failure, but with the fault validator's message (ajv's oneOf messages are unreadable). Everything else
 * (bad JSON, wrong media type, ApiErrors) is left to the kit.
 */
export function classifyError(error: unknown, request: FastifyRequest): ApiError | undefined {
  if (isApiError(error) || !Array.isArray((error as { validation?: unknown } | null)?.validation))
    return undefined;
  if ((error as { validationContext?: unknown }).validationContext !== 'body') return undefined;
  if (!isRoute(request, 'PUT', '/faults/:target')) return undefined;
  const verdict = validateFault(request.body);
  const message = verdict.ok ? 'Invalid fault: the body is not valid.' : verdict.message;
  return faultProxyError(400, 'INVALID_REQUEST', message, { field: 'body' });
}
