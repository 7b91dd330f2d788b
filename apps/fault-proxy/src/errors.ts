// The fault proxy's error codes and its own reading of client errors; the kit answers everything else with the
// one envelope `{ error: { code, message, ...details }, meta: { requestId } }`.
import { ApiError, isApiError, type KitErrorCode } from '@storefront/service-kit';
import type { FastifyRequest } from 'fastify';
import { validateFault } from './faults.js';

/** Every code the fault proxy answers: control API and the answers it writes on proxied connections. */
export type ErrorCode =
  | KitErrorCode
  | 'INVALID_PARAMS'
  | 'INVALID_FAULT'
  | 'UNKNOWN_TARGET'
  | 'UNKNOWN_SCENARIO'
  | 'INVALID_SCENARIO_RUN'
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

function clientStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function isRoute(request: FastifyRequest, method: string, url: string): boolean {
  return request.method === method && request.routeOptions.url === url;
}

/**
 * `createApp({ errors: { classify } })`: on the two routes whose body is the whole request, any client error (bad
 * JSON, wrong media type, a schema failure) means "this is not a valid fault" or "not a valid run". Everything
 * else, ApiErrors included, is left to the kit.
 */
export function classifyError(error: unknown, request: FastifyRequest): ApiError | undefined {
  if (isApiError(error)) return undefined;
  const status = clientStatusOf(error);
  if (status === undefined) return undefined;
  const answerStatus = status === 415 ? 415 : 400;
  const message = error instanceof Error && error.message ? error.message : 'the body is not valid';
  if (isRoute(request, 'PUT', '/faults/:target')) {
    const isValidation = Array.isArray((error as { validation?: unknown }).validation);
    // ajv's oneOf messages are unreadable; the validator says the same thing in words.
    const verdict = isValidation ? validateFault(request.body) : null;
    const text = verdict !== null && !verdict.ok ? verdict.message : `Invalid fault: ${message}.`;
    return faultProxyError(answerStatus, 'INVALID_FAULT', text);
  }
  if (isRoute(request, 'POST', '/scenarios/:name/run')) {
    return faultProxyError(answerStatus, 'INVALID_SCENARIO_RUN', message);
  }
  return undefined;
}
