import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { ApiError, errorBody } from '../lib/api-error.js';
import { definePlugin } from '../lib/define-plugin.js';
import { REQUEST_ID_HEADER } from './request-id-plugin.js';

type JsonObject = Record<string, unknown>;

interface ValidationFailure {
  validation: FastifySchemaValidationError[];
  validationContext?: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isValidationFailure(error: unknown): error is ValidationFailure {
  return isObject(error) && Array.isArray(error.validation);
}

function statusOf(error: unknown): number | undefined {
  if (!isObject(error) && !(error instanceof Error)) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (!isObject(error) && !(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** `/shippingAddress/line1` + `country` → `shippingAddress.line1.country`. */
function fieldPath(instancePath: string, child?: unknown): string {
  const parts = instancePath.split('/').filter((part) => part !== '');
  if (typeof child === 'string' && child !== '') parts.push(child);
  return parts.join('.');
}

/** Turns an ajv failure on the body into INVALID_BODY naming the field. */
export function bodyValidationError(failure: ValidationFailure): ApiError {
  const first = failure.validation[0];
  if (!first) return new ApiError(400, 'INVALID_BODY', 'Invalid body.');
  if (first.keyword === 'required') {
    const field = fieldPath(first.instancePath, first.params.missingProperty);
    return new ApiError(400, 'INVALID_BODY', `Missing field "${field}".`, { field });
  }
  if (first.keyword === 'additionalProperties') {
    const field = fieldPath(first.instancePath, first.params.additionalProperty);
    return new ApiError(400, 'INVALID_BODY', `Unknown field "${field}".`, { field });
  }
  const field = fieldPath(first.instancePath);
  if (field === '') {
    return new ApiError(400, 'INVALID_BODY', `Invalid body: ${first.message ?? 'not valid'}.`, {
      field: 'body',
    });
  }
  return new ApiError(400, 'INVALID_BODY', `Invalid field "${field}": ${first.message ?? 'not valid'}.`, {
    field,
  });
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
  // Unparseable or empty JSON bodies: the body is what is wrong, not the request line.
  if (status === 400 && (error instanceof SyntaxError || codeOf(error)?.startsWith('FST_ERR_CTP_'))) {
    return new ApiError(400, 'INVALID_BODY', 'Body is not valid JSON.', { field: 'body' });
  }
  if (status !== undefined && status < 500) {
    const message = error instanceof Error && error.message ? error.message : 'Bad request';
    return new ApiError(status, 'BAD_REQUEST', message);
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal server error');
}

/**
 * `frameworkErrors` server option: errors raised before routing (malformed URL, over-long parameter) skip
 * setErrorHandler, and Fastify would otherwise answer them with its own uncoded body.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply
    .code(statusOf(error) ?? 400)
    .header(REQUEST_ID_HEADER, request.id)
    .send(errorBody('BAD_REQUEST', error.message || 'Bad request'));
}

/** Registers the error and not-found handlers answering `{ error: { code, message } }`. */
export const errorHandlerPlugin = definePlugin({ name: 'account-error-handler' }, async (fastify) => {
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
