import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { validateFault } from '../faults.js';
import { ApiError, errorBody } from '../lib/api-error.js';
import { sharedPlugin } from '../lib/plugin-meta.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null;
}

function statusOf(error: unknown): number | undefined {
  if (!isObject(error)) return undefined;
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

/** True for the route whose body is a fault, where every client error means "this is not a valid fault". */
function isFaultBodyRoute(request: FastifyRequest): boolean {
  return request.method === 'PUT' && request.routeOptions.url === '/faults/:target';
}

/** Maps anything thrown during a request to a coded error. */
export function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  const status = statusOf(error);
  if (status !== undefined && status < 500) {
    if (isFaultBodyRoute(request)) {
      const isValidation = isObject(error) && Array.isArray(error.validation);
      // ajv's oneOf messages are unreadable; the pure validator says the same thing in words.
      const verdict = isValidation ? validateFault(request.body) : null;
      const message =
        verdict !== null && !verdict.ok
          ? verdict.message
          : `Invalid fault: ${error instanceof Error ? error.message : 'the body is not valid'}.`;
      return new ApiError(status === 415 ? 415 : 400, 'INVALID_FAULT', message);
    }
    const message = error instanceof Error && error.message ? error.message : 'Bad request';
    if (request.method === 'POST' && request.routeOptions.url === '/scenarios/:name/run') {
      return new ApiError(status === 415 ? 415 : 400, 'INVALID_SCENARIO_RUN', message);
    }
    return new ApiError(status, 'BAD_REQUEST', message);
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal server error');
}

/** `frameworkErrors` option: errors raised before routing get the coded body too. */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.code(statusOf(error) ?? 400).send(errorBody('BAD_REQUEST', error.message || 'Bad request'));
}

/** Answers every error and unknown route with `{ error: { code, message } }`. */
export const errorHandlerPlugin = sharedPlugin('fault-proxy-error-handler', async (fastify) => {
  fastify.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error, request);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    reply.code(apiError.statusCode).send(apiError.toBody());
  });
  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    reply.code(404).send(errorBody('NOT_FOUND', `Route ${request.method} ${path} not found`));
  });
});
