import type { KitErrorCode } from '@storefront/service-kit';

/**
 * Every code the catalog service answers (docs/errors.md, "Catalog service"): its own, thrown as
 * `ApiError<ErrorCode>`, the database check's, and the kit's own (INVALID_REQUEST for every schema failure,
 * 404/405, bad URL, 408/413/414/415/431, bugs).
 */
export type ErrorCode =
  | 'UNKNOWN_CATEGORY'
  | 'PRODUCT_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'INSUFFICIENT_STOCK'
  | 'RESERVATION_NOT_FOUND'
  | 'RESERVATION_COMMITTED'
  | 'DB_UNAVAILABLE'
  | KitErrorCode;
