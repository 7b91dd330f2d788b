import type { KitErrorCode } from '@storefront/service-kit';

/**
 * Every code the catalog service answers (docs/errors.md, "Catalog service"): its own, thrown as
 * `ApiError<ErrorCode>`, the validation codes it keeps (the kit's defaults), the database check's, and the
 * kit's own (404, bad URL, 413/415/431, bugs).
 */
export type ErrorCode =
  | 'INVALID_QUERY'
  | 'UNKNOWN_CATEGORY'
  | 'PRODUCT_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'INSUFFICIENT_STOCK'
  | 'RESERVATION_NOT_FOUND'
  | 'RESERVATION_COMMITTED'
  | 'INVALID_BODY'
  | 'DB_UNAVAILABLE'
  | KitErrorCode;
