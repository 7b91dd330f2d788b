// The trace store's error codes and its own reading of errors; the kit answers everything else with the one
// envelope (docs/errors.md).
import { ApiError, type KitErrorCode, VALIDATION_CODE } from '@storefront/service-kit';

/** Every code the trace store answers. */
export type ErrorCode = KitErrorCode | 'TRACE_NOT_FOUND';

/** 404: the store does not keep this trace (never received, or evicted). */
export function traceNotFound(traceId: string): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(
    404,
    'TRACE_NOT_FOUND',
    `No trace ${traceId} is kept here: never received, or already evicted.`,
  );
}

/**
 * `createApp({ errors: { classify } })`: a gzip body that does not inflate (zlib's `Z_*` codes) is the client's bad
 * body, like bad JSON, not a 500. Everything else is left to the kit.
 */
export function classifyError(error: unknown): ApiError<ErrorCode> | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return undefined;
  return new ApiError<ErrorCode>(400, VALIDATION_CODE, 'The body is not valid gzip.', {
    details: { field: 'body' },
  });
}
