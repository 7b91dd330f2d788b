// The one error envelope of every storefront process: `{ error: { code, message, ...details }, meta: { requestId } }`.

/**
 * The codes the kit itself answers in every process, whatever the process's own list (docs/errors.md): a
 * process's `ErrorCode` union includes them, the one validation code `INVALID_REQUEST` included.
 */
export type KitErrorCode =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'INVALID_REQUEST'
  | 'INVALID_URL'
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'URL_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'INTERNAL_ERROR'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNTRUSTED_CALLER'
  | 'HOST_NOT_ALLOWED'
  | 'CROSS_SITE_REQUEST'
  | 'EVENTS_TRIMMED';

/** The body of every 4xx/5xx answer. */
export interface ErrorEnvelope<Code extends string = string> {
  error: { code: Code; message: string; [detail: string]: unknown };
  /** `traceId`: the request's trace (W3C), to look it up in `/ops` or a tracing backend. */
  meta: { requestId: string; traceId?: string };
}

/** Options of {@link ApiError}. */
export interface ApiErrorOptions {
  /** Extra fields beside `code` and `message` (e.g. `field`, `param`, `service`); never override them. */
  details?: Record<string, unknown>;
  /** Response headers sent with the error (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** What caused it; logged, never sent. */
  cause?: unknown;
}

/**
 * An error that knows its HTTP status and its stable public code; thrown from hooks and handlers and turned into
 * the envelope by the error handler. `Code` lets each process list the codes it may answer (docs/errors.md).
 */
export class ApiError<Code extends string = string> extends Error {
  override readonly name: string = 'ApiError';
  readonly statusCode: number;
  readonly code: Code;
  readonly details: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(statusCode: number, code: Code, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = statusCode;
    this.code = code;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }

  /** The envelope for this error, answering the request `requestId` of the trace `traceId`. */
  toBody(requestId: string, traceId?: string): ErrorEnvelope<Code> {
    return errorBody(this.code, this.message, requestId, this.details, traceId);
  }
}

/** Builds the envelope; details sit beside `code` and `message` and never override them. */
export function errorBody<Code extends string>(
  code: Code,
  message: string,
  requestId: string,
  details: Readonly<Record<string, unknown>> = {},
  traceId?: string,
): ErrorEnvelope<Code> {
  const extra = Object.fromEntries(
    Object.entries(details).filter(([key]) => key !== 'code' && key !== 'message'),
  );
  return { error: { code, message, ...extra }, meta: traceId ? { requestId, traceId } : { requestId } };
}

/** True for an {@link ApiError} (also across copies of this module bundled into different files). */
export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof ApiError || (value instanceof Error && value.name === 'ApiError' && 'toBody' in value)
  );
}
