// The typed view of the BFF's degraded contract (docs/architecture.md, "The degraded contract").

/** What `meta.degraded` (or the `Storefront-Degraded` header) says about a saved answer. */
export interface DegradedInfo {
  service: string;
  reason: string;
  /** ISO timestamp of the saved copy, or null when only the header said the answer is degraded. */
  savedAt: string | null;
  retryAfterMs: number | null;
}

/** The outcome of one BFF call made with `fetchApi`. Writes are never `degraded`. */
export type ApiResult<T> =
  | { status: 'live'; data: T }
  | { status: 'degraded'; data: T; degraded: DegradedInfo }
  | { status: 'unavailable'; retryAfterMs: number; message: string }
  | { status: 'error'; message: string; code: string | null; httpStatus: number | null };

/** The outcome of one idempotent BFF write made with `sendApi`. */
export type WriteResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      /** `network`: no answer; `unavailable`: 5xx; `rejected`: a 4xx (or an odd 2xx) the BFF stored. */
      kind: 'network' | 'unavailable' | 'rejected';
      httpStatus: number | null;
      code: string | null;
      message: string;
      /** The same action may be sent again with the same Idempotency-Key. */
      retryable: boolean;
      retryAfterMs: number | null;
      /** The raw `error` object, for details such as `lines`. */
      error: Record<string, unknown>;
    };
