/** Stable error codes of the account service (see docs/errors.md). */
export type ErrorCode =
  | 'INVALID_BODY'
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'SESSION_INVALID'
  | 'USER_REQUIRED'
  | 'USER_NOT_FOUND'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'DB_UNAVAILABLE'
  | 'INTERNAL_ERROR';

/** Shape of every 4xx/5xx body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; [extra: string]: unknown };
}

/** An error that knows its HTTP status and public code; thrown from handlers. */
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

/** Builds the coded error body; extra fields sit beside `code` and `message` but never replace them. */
export function errorBody(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): ErrorBody {
  const extra = Object.fromEntries(
    Object.entries(details).filter(([key]) => key !== 'code' && key !== 'message'),
  );
  return { error: { code, message, ...extra } };
}

/** A 400 INVALID_BODY naming the offending field. */
export function invalidBody(field: string, message: string): ApiError {
  return new ApiError(400, 'INVALID_BODY', message, { field });
}
