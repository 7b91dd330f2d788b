// The typed view of the BFF's degraded contract (docs/architecture.md, "The degraded contract").

/** What `meta.degraded` (or the `Storefront-Degraded` header) says about a saved answer. */
export interface DegradedInfo {
  service: string;
  reason: string;
  /** ISO timestamp of the saved copy, or null when only the header said the answer is degraded. */
  savedAt: string | null;
  retryAfterMs: number | null;
}

/** The outcome of one BFF call. Writes are never `degraded`. */
export type ApiResult<T> =
  | { status: 'live'; data: T }
  | { status: 'degraded'; data: T; degraded: DegradedInfo }
  | { status: 'unavailable'; retryAfterMs: number; message: string }
  | { status: 'error'; message: string; code: string | null; httpStatus: number | null };
