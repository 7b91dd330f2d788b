import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { definePlugin } from '../plugin.js';

interface ErrorBody {
  error: { code: string; message: string } & Record<string, unknown>;
  meta: { requestId: string };
}

/** Sends `{ error, meta: { requestId } }` with the status and the x-request-id header. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: ErrorBody['error'],
): FastifyReply {
  // Set here too: errors raised before the onRequest hook ran still get the id.
  reply.header('x-request-id', request.id);
  const body: ErrorBody = { error, meta: { requestId: request.id } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error;
}

function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (first?.keyword === 'additionalProperties') {
    const name = (first.params as { additionalProperty?: unknown }).additionalProperty;
    const where = error.validationContext === 'querystring' ? 'query parameter' : 'property';
    return `Unknown ${where} "${String(name)}"`;
  }
  return error.message;
}

/**
 * Turns every error into `{ error: { code, message, ... }, meta: { requestId } }`: coded AppErrors,
 * schema validation errors (INVALID_QUERY / INVALID_PARAMETER / INVALID_REQUEST), other client errors
 * (BAD_REQUEST) and everything else (INTERNAL_ERROR, logged). Unknown routes answer NOT_FOUND.
 */
export const errorHandlerPlugin = definePlugin('error-handler', async (app) => {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      if (error.statusCode >= 500) {
        // Expected outcomes (an upstream is down): one compact line, no stack.
        const cause = error.cause instanceof Error ? error.cause.message : undefined;
        request.log.warn({ code: error.code, ...error.details, cause }, error.message);
      }
      return sendError(request, reply, error.statusCode, {
        code: error.code,
        message: error.message,
        ...error.details,
      });
    }
    if (isFastifyError(error) && error.validation) {
      const code =
        error.validationContext === 'querystring'
          ? 'INVALID_QUERY'
          : error.validationContext === 'params'
            ? 'INVALID_PARAMETER'
            : 'INVALID_REQUEST';
      return sendError(request, reply, 400, { code, message: validationMessage(error) });
    }
    const status = isFastifyError(error) ? (error.statusCode ?? 500) : 500;
    if (status >= 400 && status < 500) {
      return sendError(request, reply, status, {
        code: 'BAD_REQUEST',
        message: error instanceof Error ? error.message : 'Bad request',
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 500, { code: 'INTERNAL_ERROR', message: 'Internal server error' });
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, {
      code: 'NOT_FOUND',
      message: `Route ${request.method} ${request.url} not found`,
    }),
  );
});
