/** Stable error codes this service answers with (see docs/errors.md). */
export type ErrorCode =
  | 'INVALID_QUERY'
  | 'UNKNOWN_CATEGORY'
  | 'PRODUCT_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_BODY'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'DB_UNAVAILABLE'
  | 'INTERNAL_ERROR';

/** Shape of every 4xx/5xx body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; [extra: string]: unknown };
}

/** An error that already knows its HTTP status and public code; thrown from handlers. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(statusCode: number, code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }

  /** The JSON body for this error. */
  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.details);
  }
}

/** Builds the coded error body; extra fields sit beside `code` and `message`. */
export function errorBody(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): ErrorBody {
  // Extra fields never override the code or message.
  return { error: { code, message, ...withoutKeys(details, ['code', 'message']) } };
}

function withoutKeys(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([key]) => !keys.includes(key)));
}
