// Every error, from a handler, from Fastify itself or from the HTTP parser, is answered with the one envelope.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
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
import { allowedMethods } from './route-table.js';
import { traceIdOf } from './tracing/request-trace.js';
import { isValidationFailure, VALIDATION_CODE, validationError } from './validation.js';

/** Options of {@link errorHandlerPlugin}. */
export interface ErrorHandlerOptions {
  /**
   * A process's own reading of errors that are not ApiErrors, asked first (e.g. the fault proxy words a fault
   * body's schema failure with its own validator). Returning undefined leaves the error to the kit.
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
export function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (isApiError(error)) return error;
  if (isValidationFailure(error)) return validationError(error, request);
  const status = statusOf(error);
  if (status === 415)
    return new ApiError<KitErrorCode>(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  if (status === 413) return new ApiError<KitErrorCode>(413, 'PAYLOAD_TOO_LARGE', 'The body is too large.');
  // Fastify's own message quotes the whole URL back (10,000 characters of it): a fixed sentence instead.
  if (status === 414)
    return new ApiError<KitErrorCode>(414, 'URL_TOO_LONG', 'A part of the URL is too long.');
  if (status === 400 && (fastifyCodeOf(error).startsWith('FST_ERR_CTP_') || error instanceof SyntaxError)) {
    return new ApiError(400, VALIDATION_CODE, 'The body is not valid JSON.', { details: { field: 'body' } });
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
    .send(error.toBody(String(request.id), traceIdOf(request)));
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

/**
 * `frameworkErrors` server option: errors raised by the router before any hook (malformed percent-encoding,
 * over-long parameters) skip setErrorHandler, and Fastify would answer them with a body of its own.
 */
export function frameworkErrorHandler() {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    // A malformed URL is not a schema failure (no route was even matched): its own code in every process.
    const answered =
      error.code === 'FST_ERR_BAD_URL'
        ? new ApiError<KitErrorCode>(400, 'INVALID_URL', 'The URL has malformed percent-encoding.')
        : toApiError(error, request);
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

/** Longest request line read as a header overflow rather than a URL too long (Node counts both in 16 KiB). */
const LONGEST_REQUEST_LINE = 8 * 1024;

function classifyClientError(error: Error & { code?: string; rawPacket?: unknown }) {
  const known = CLIENT_ERRORS[error.code ?? ''];
  if (known?.code === 'HEADERS_TOO_LARGE' && Buffer.isBuffer(error.rawPacket)) {
    // The parser does not say which part overflowed: a request line that never ends is an over-long URL.
    const lineEnd = error.rawPacket.indexOf('\r\n');
    if (lineEnd === -1 || lineEnd > LONGEST_REQUEST_LINE) {
      return { status: 414, code: 'URL_TOO_LONG' as const, message: 'The URL is too long.' };
    }
  }
  return known ?? { status: 400, code: 'BAD_REQUEST' as const, message: 'The request is not valid HTTP.' };
}

/** What {@link answerClientError} logs to. */
export interface ClientErrorLog {
  debug(obj: object, msg: string): void;
}

/**
 * Answers a request Node's HTTP parser (or its request/headers timeout) rejected with the envelope, then closes
 * the connection. For any `http.Server`'s `clientError` event: a process's plain Node servers (the fault proxy's
 * target ports) use it too.
 */
export function answerClientError(
  error: Error & { code?: string },
  socket: Duplex,
  log?: ClientErrorLog,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = classifyClientError(error);
  const requestId = randomUUID();
  log?.debug({ err: error, requestId }, 'client error');
  // An answer already under way (a timeout while a response streams) cannot get another status line.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify(errorBody(known.code, known.message, requestId));
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status] ?? 'Error'}\r\n` +
        'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
        `${REQUEST_ID_HEADER}: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  // As Node's own handler does: the short answer is written at once, then the connection is dropped.
  socket.destroy(error);
}

/**
 * `clientErrorHandler` server option: requests Node's HTTP parser rejects (oversized headers, garbage) never
 * become Fastify requests; answer them with the envelope too, then close the connection.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
): void {
  answerClientError(error, socket, this.log);
}

/**
 * The answer to a request no route matched: 405 with `Allow` when other methods answer this path (Fastify's
 * router alone says 404), 404 otherwise.
 */
export function notFoundError(request: FastifyRequest): ApiError<KitErrorCode> {
  const fullPath = request.url.split('?')[0] ?? request.url;
  // Never quote 10,000 characters back.
  const path = fullPath.length > 200 ? `${fullPath.slice(0, 200)}…` : fullPath;
  const allowed = allowedMethods(request);
  // A route of this very method that found nothing (a wildcard's missing file) is a 404, not a 405.
  if (allowed.length > 0 && !allowed.includes(request.method)) {
    return new ApiError<KitErrorCode>(
      405,
      'METHOD_NOT_ALLOWED',
      `Method ${request.method} is not allowed here; allowed: ${allowed.join(', ')}`,
      { headers: { allow: allowed.join(', ') } },
    );
  }
  return new ApiError<KitErrorCode>(404, 'NOT_FOUND', `Route ${request.method} ${path} not found`);
}

/** Registers the error handler and the not-found handler that answer with the envelope. */
export const errorHandlerPlugin = definePlugin<ErrorHandlerOptions>(
  'service-kit-error-handler',
  async (app, opts) => {
    app.setErrorHandler((error: unknown, request, reply) => {
      const answered = opts.classify?.(error, request) ?? toApiError(error, request);
      logFailure(request, error, answered);
      return sendError(request, reply, answered);
    });
    if (opts.notFound === false) return;
    app.setNotFoundHandler((request, reply) => sendError(request, reply, notFoundError(request)));
  },
);
