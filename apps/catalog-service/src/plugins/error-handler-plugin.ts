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

/** Describes in words what a query-parameter schema accepts, e.g. "an integer from 1 to 48". */
export function describeExpected(schema: JsonObject): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(String).join(', ')}`;
  switch (schema.type) {
    case 'integer': {
      const { minimum, maximum } = schema;
      if (typeof minimum === 'number' && typeof maximum === 'number') {
        return `an integer from ${minimum} to ${maximum}`;
      }
      if (typeof minimum === 'number') return `an integer of at least ${minimum}`;
      return 'an integer';
    }
    case 'boolean':
      return 'true or false';
    case 'string':
      return typeof schema.maxLength === 'number'
        ? `a text of at most ${schema.maxLength} characters`
        : 'a text';
    default:
      return 'a valid value';
  }
}

/** The querystring schema's properties of the matched route, if it has one. */
function queryProperties(request: FastifyRequest): JsonObject {
  const schema = request.routeOptions.schema?.querystring;
  return isObject(schema) && isObject(schema.properties) ? schema.properties : {};
}

/** Turns an ajv failure on the query string into a coded error that names the parameter. */
export function queryValidationError(failure: ValidationFailure, request: FastifyRequest): ApiError {
  const first = failure.validation[0];
  const properties = queryProperties(request);
  const allowed = Object.keys(properties);
  if (first?.keyword === 'additionalProperties') {
    const param = String(first.params.additionalProperty ?? '');
    const allowedText = allowed.length > 0 ? ` Allowed parameters: ${allowed.join(', ')}.` : '';
    return new ApiError(400, 'INVALID_QUERY', `Unknown query parameter "${param}".${allowedText}`, { param });
  }
  const param = first?.instancePath.replace(/^\//, '').split('/')[0] ?? '';
  const propertySchema = properties[param];
  if (param && isObject(propertySchema)) {
    return new ApiError(
      400,
      'INVALID_QUERY',
      `Invalid value for query parameter "${param}": expected ${describeExpected(propertySchema)}.`,
      { param },
    );
  }
  return new ApiError(400, 'INVALID_QUERY', `Invalid query string: ${first?.message ?? 'not valid'}.`);
}

/** Maps anything thrown during a request to the coded JSON error body. */
export function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (isValidationFailure(error)) {
    if (error.validationContext === 'querystring') return queryValidationError(error, request);
    const message = error instanceof Error ? error.message : 'Invalid request';
    return new ApiError(400, 'BAD_REQUEST', message);
  }
  const status = statusOf(error);
  if (status !== undefined && status < 500) {
    const message = error instanceof Error && error.message ? error.message : 'Bad request';
    return new ApiError(status, 'BAD_REQUEST', message);
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal server error');
}

/**
 * `frameworkErrors` server option: errors raised before routing (malformed URL, over-long parameter) do not
 * reach setErrorHandler, and without this Fastify answers them with its own uncoded body.
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

/** Registers the error handler and the not-found handler that answer with `{ error: { code, message } }`. */
export const errorHandlerPlugin = definePlugin({ name: 'catalog-error-handler' }, async (fastify) => {
  fastify.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error, request);
    if (apiError.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    reply.code(apiError.statusCode).send(apiError.toBody());
  });

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    reply.code(404).send(errorBody('NOT_FOUND', `Route ${request.method} ${path} not found`));
  });
});
