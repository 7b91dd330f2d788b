import type { KitErrorCode } from '@storefront/service-kit';

/**
 * Every code the cart service answers (docs/errors.md, "Cart service"): its own, thrown as
 * `ApiError<ErrorCode>`, the database check's, and the kit's own (INVALID_REQUEST for every schema failure,
 * 404/405, bad URL, 408/413/414/415/431, bugs).
 */
export type ErrorCode =
  | 'IDENTITY_REQUIRED'
  | 'USER_REQUIRED'
  | 'SNAPSHOT_REQUIRED'
  | 'CART_CHANGED'
  | 'CHECKOUT_ID_CONFLICT'
  | 'ORDER_NOT_FOUND'
  | 'CHECKOUT_NOT_FOUND'
  | 'CHECKOUT_NOT_RESERVING'
  | 'CHECKOUT_NOT_OPEN'
  | 'CART_EMPTY'
  | 'INVALID_TRANSITION'
  | 'DB_UNAVAILABLE'
  | KitErrorCode;
