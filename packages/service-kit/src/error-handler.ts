// Every error, from a handler, from Fastify itself or from the HTTP parser, is answered with the one envelope.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerBase,
  RawServerDefault,
  RouteGenericInterface,
} from 'fastify';
import { ApiError, errorBody, isApiError, type KitErrorCode } from './api-error.js';
import { definePlugin } from './plugin.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import { isValidationFailure, type ValidationCodes, validationError } from './validation.js';

/** The codes a process answers for failures the kit recognises; each process may rename them. */
export interface ErrorCodes extends ValidationCodes {
  /** Malformed percent-encoding in the URL. */
  badUrl: string;
}

/** Defaults: one code per part of the request (docs/errors.md). */
export const DEFAULT_ERROR_CODES: ErrorCodes = {
  body: 'INVALID_BODY',
  querystring: 'INVALID_QUERY',
  params: 'INVALID_PARAMS',
  headers: 'INVALID_HEADERS',
  badUrl: 'BAD_REQUEST',
};

/** Options of {@link errorHandlerPlugin}. */
export interface ErrorHandlerOptions {
  /** Renames the codes of validation and URL failures. */
  codes?: Partial<ErrorCodes>;
  /**
   * A process's own reading of errors that are not ApiErrors, asked first (e.g. the fault proxy turns every
   * client error on its fault body into INVALID_FAULT). Returning undefined leaves the error to the kit.
   */
  classify?: (error: unknown, request: FastifyRequest) => ApiError | undefined;
  /**
   * `false`: the process sets its own not-found handler, e.g. a static host whose SPA fallback must run in the
   * context that serves the files (Fastify allows one per prefix). It answers with {@link notFoundError}.
   */
  notFound?: boolean;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

function fastifyCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Maps anything thrown while answering a request to a coded error. */
export function toApiError(
  error: unknown,
  request: FastifyRequest,
  codes: ErrorCodes = DEFAULT_ERROR_CODES,
): ApiError {
  if (isApiError(error)) return error;
  if (isValidationFailure(error)) return validationError(error, request, codes);
  const status = statusOf(error);
  if (status === 415)
    return new ApiError<KitErrorCode>(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  if (status === 413) return new ApiError<KitErrorCode>(413, 'PAYLOAD_TOO_LARGE', 'The body is too large.');
  // Fastify's own message quotes the whole URL back (10,000 characters of it): a fixed sentence instead.
  if (status === 414)
    return new ApiError<KitErrorCode>(414, 'URL_TOO_LONG', 'A part of the URL is too long.');
  if (status === 400 && (fastifyCodeOf(error).startsWith('FST_ERR_CTP_') || error instanceof SyntaxError)) {
    return new ApiError(400, codes.body, 'The body is not valid JSON.', { details: { field: 'body' } });
  }
  if (status !== undefined && status < 500) {
    const message = error instanceof Error && error.message ? error.message : 'Bad request';
    return new ApiError<KitErrorCode>(status, 'BAD_REQUEST', message);
  }
  return new ApiError<KitErrorCode>(500, 'INTERNAL_ERROR', 'Internal server error', { cause: error });
}

/**
 * Sends the envelope with the error's status and headers, and the request id header. Generic over the server
 * type so that replies typed for any server (e.g. those `@fastify/reply-from` hands to `onError`) fit too.
 */
export function sendError<Server extends RawServerBase = RawServerDefault>(
  request: FastifyRequest<RouteGenericInterface, Server>,
  reply: FastifyReply<RouteGenericInterface, Server>,
  error: ApiError,
): FastifyReply<RouteGenericInterface, Server> {
  // Set here too: errors raised before the request-id hook ran still carry it.
  reply.header(REQUEST_ID_HEADER, request.id);
  reply.headers(error.headers);
  return reply
    .code(error.statusCode)
    .type('application/json; charset=utf-8')
    .send(error.toBody(String(request.id)));
}

/** Logs what a person must look at: bugs with their stack, coded 5xx answers in one line. */
function logFailure(request: FastifyRequest, original: unknown, answered: ApiError): void {
  if (answered.statusCode < 500) return;
  if (answered.code === 'INTERNAL_ERROR') {
    request.log.error({ err: original }, 'request failed');
    return;
  }
  // Expected outcomes (an upstream is down): one compact line, no stack.
  const cause = answered.cause instanceof Error ? answered.cause.message : undefined;
  request.log.warn({ code: answered.code, ...answered.details, cause }, answered.message);
}

/** Resolves the codes a process answers with. */
export function resolveCodes(codes: Partial<ErrorCodes> = {}): ErrorCodes {
  return { ...DEFAULT_ERROR_CODES, ...codes };
}

/**
 * `frameworkErrors` server option: errors raised by the router before any hook (malformed percent-encoding,
 * over-long parameters) skip setErrorHandler, and Fastify would answer them with a body of its own.
 */
export function frameworkErrorHandler(codes: ErrorCodes) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    // A malformed URL has its own (renamable) code; the rest (414, 500) read like any other error.
    const answered =
      error.code === 'FST_ERR_BAD_URL'
        ? new ApiError(400, codes.badUrl, 'The URL has malformed percent-encoding.')
        : toApiError(error, request, codes);
    logFailure(request, error, answered);
    void sendError(request, reply, answered);
  };
}

const CLIENT_ERRORS: Record<string, { status: number; code: KitErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'The request headers are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request took too long.' },
};

/**
 * `clientErrorHandler` server option: requests Node's HTTP parser rejects (oversized headers, garbage) never
 * become Fastify requests; answer them with the envelope too, then close the connection.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'The request is not valid HTTP.',
  };
  const requestId = randomUUID();
  this.log.debug({ err: error, requestId }, 'client error');
  const body = JSON.stringify(errorBody(known.code, known.message, requestId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status] ?? 'Error'}\r\n` +
        'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
        `${REQUEST_ID_HEADER}: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The 404 of a request no route matched. */
export function notFoundError(request: FastifyRequest): ApiError<KitErrorCode> {
  const path = request.url.split('?')[0] ?? request.url;
  return new ApiError<KitErrorCode>(404, 'NOT_FOUND', `Route ${request.method} ${path} not found`);
}

/** Registers the error handler and the not-found handler that answer with the envelope. */
export const errorHandlerPlugin = definePlugin<ErrorHandlerOptions>(
  'service-kit-error-handler',
  async (app, opts) => {
    const codes = resolveCodes(opts.codes);
    app.setErrorHandler((error: unknown, request, reply) => {
      const answered = opts.classify?.(error, request) ?? toApiError(error, request, codes);
      logFailure(request, error, answered);
      return sendError(request, reply, answered);
    });
    if (opts.notFound === false) return;
    app.setNotFoundHandler((request, reply) => sendError(request, reply, notFoundError(request)));
  },
);
