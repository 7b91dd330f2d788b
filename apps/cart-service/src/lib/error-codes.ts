import type { KitErrorCode } from '@storefront/service-kit';

/**
 * Every code the cart service answers (docs/errors.md, "Cart service"): its own, thrown as
 * `ApiError<ErrorCode>`, the validation codes it keeps (the kit's defaults), the database check's, and the
 * kit's own (404, bad URL, 413/415/431, bugs).
 */
export type ErrorCode =
  | 'IDENTITY_REQUIRED'
  | 'USER_REQUIRED'
  | 'INVALID_BODY'
  | 'INVALID_PARAMS'
  | 'INVALID_QUERY'
  | 'SNAPSHOT_REQUIRED'
  | 'CART_CHANGED'
  | 'CHECKOUT_ID_CONFLICT'
  | 'ORDER_NOT_FOUND'
  | 'CHECKOUT_NOT_FOUND'
  | 'CHECKOUT_NOT_RESERVING'
  | 'INVALID_TRANSITION'
  | 'DB_UNAVAILABLE'
  | KitErrorCode;
