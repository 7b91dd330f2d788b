import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { ApiError, errorBody } from '../lib/api-error.js';
import { definePlugin } from '../lib/define-plugin.js';
import { REQUEST_ID_HEADER } from './request-id-plugin.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ValidationFailure {
  validation: FastifySchemaValidationError[];
  validationContext?: string;
}

function isValidationFailure(error: unknown): error is ValidationFailure {
  return isObject(error) && Array.isArray(error.validation);
}

function statusOf(error: unknown): number | undefined {
  if (!isObject(error) && !(error instanceof Error)) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

function fastifyCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** `/lines/0/quantity` → `lines[0].quantity`. */
function fieldPath(segments: string[]): string {
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    return path === '' ? segment : `${path}.${segment}`;
  }, '');
}

/** Turns the first ajv failure on the body into `INVALID_BODY` naming the field (values are never echoed). */
export function bodyValidationError(failure: ValidationFailure): ApiError {
  const first = failure.validation[0];
  if (!first) return new ApiError(400, 'INVALID_BODY', 'Invalid body.', { field: 'body' });
  const segments = first.instancePath.split('/').filter((segment) => segment !== '');
  const params = first.params as JsonObject;
  if (first.keyword === 'required' && typeof params.missingProperty === 'string') {
    const field = fieldPath([...segments, params.missingProperty]);
    return new ApiError(400, 'INVALID_BODY', `Missing field "${field}".`, { field });
  }
  if (first.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    const field = fieldPath([...segments, params.additionalProperty]);
    return new ApiError(400, 'INVALID_BODY', `Unknown field "${field}".`, { field });
  }
  const field = fieldPath(segments) || 'body';
  if (field === 'body')
    return new ApiError(400, 'INVALID_BODY', 'The body must be a JSON object.', { field });
  const allowed = Array.isArray(params.allowedValues)
    ? ` (${params.allowedValues.map(String).join(', ')})`
    : '';
  const reason = first.message ?? 'is not valid';
  return new ApiError(400, 'INVALID_BODY', `Invalid field "${field}": ${reason}${allowed}.`, { field });
}

/** Maps anything thrown during a request to a coded error. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isValidationFailure(error)) {
    if (error.validationContext === 'body') return bodyValidationError(error);
    const message = error instanceof Error ? error.message : 'Invalid request';
    return new ApiError(400, 'BAD_REQUEST', message);
  }
  const status = statusOf(error);
  if (status === 415)
    return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  if (status === 413) return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The body is too large.');
  if (status === 400 && (fastifyCodeOf(error).startsWith('FST_ERR_CTP_') || error instanceof SyntaxError)) {
    return new ApiError(400, 'INVALID_BODY', 'The body is not valid JSON.', { field: 'body' });
  }
  if (status !== undefined && status < 500) {
    const message = error instanceof Error && error.message ? error.message : 'Bad request';
    return new ApiError(status, 'BAD_REQUEST', message);
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal server error');
}

/**
 * `frameworkErrors` server option: errors raised before routing (malformed URL, over-long parameter) skip
 * setErrorHandler, and Fastify would otherwise answer them with an uncoded body.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = statusOf(error) ?? 400;
  reply
    .code(status)
    .header(REQUEST_ID_HEADER, request.id)
    .send(errorBody('BAD_REQUEST', error.message || 'Bad request'));
}

/** Registers the error and not-found handlers that answer with `{ error: { code, message } }`. */
export const errorHandlerPlugin = definePlugin({ name: 'cart-error-handler' }, async (fastify) => {
  fastify.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    reply.code(apiError.statusCode).send(apiError.toBody());
  });

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    reply.code(404).send(errorBody('NOT_FOUND', `Route ${request.method} ${path} not found`));
  });
});
