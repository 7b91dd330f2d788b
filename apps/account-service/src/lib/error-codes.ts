import { ApiError, type KitErrorCode } from '@storefront/service-kit';

/**
 * Every code the account service answers (docs/errors.md, "Account service"): its own, thrown as
 * `ApiError<ErrorCode>`, the validation code it keeps (the kit's default), the database check's, and the
 * kit's own (404, bad URL, 413/415/431, bugs).
 */
export type ErrorCode =
  | 'INVALID_BODY'
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'SESSION_INVALID'
  | 'USER_REQUIRED'
  | 'USER_NOT_FOUND'
  | 'DB_UNAVAILABLE'
  | KitErrorCode;

/** A 400 INVALID_BODY naming the offending field. */
export function invalidBody(field: string, message: string): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(400, 'INVALID_BODY', message, { details: { field } });
}
