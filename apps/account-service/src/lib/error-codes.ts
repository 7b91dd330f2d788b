import { ApiError, type KitErrorCode } from '@storefront/service-kit';

/**
 * Every code the account service answers (docs/errors.md, "Account service"): its own, thrown as
 * `ApiError<ErrorCode>`, the database check's, and the kit's own (INVALID_REQUEST for every schema failure,
 * 404/405, bad URL, 408/413/414/415/431, bugs).
 */
export type ErrorCode =
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'SESSION_INVALID'
  | 'USER_REQUIRED'
  | 'USER_NOT_FOUND'
  | 'DB_UNAVAILABLE'
  | KitErrorCode;

/** A 400 INVALID_REQUEST naming the offending field (as a schema failure would). */
export function invalidBody(field: string, message: string): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(400, 'INVALID_REQUEST', message, { details: { field } });
}
