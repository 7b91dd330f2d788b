/** Stable error codes of the fault proxy (control API and proxied answers). */
export type ErrorCode =
  | 'INVALID_FAULT'
  | 'UNKNOWN_TARGET'
  | 'UNKNOWN_SCENARIO'
  | 'INVALID_SCENARIO_RUN'
  | 'LOOPBACK_ONLY'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'INTERNAL_ERROR';

/** Shape of every 4xx/5xx body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; [extra: string]: unknown };
}

/** An error that knows its HTTP status and public code; thrown from handlers and hooks. */
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

/** Builds `{ error: { code, message, ...details } }`; details never override code or message. */
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
