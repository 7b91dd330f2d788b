// The typed view of the BFF's degraded contract (docs/architecture.md, "The degraded contract"), over the shapes
// of `@storefront/contract` (types and constants only: nothing of TypeBox reaches a bundle).
import type { Degraded, DegradedReason, ErrorCode } from '@storefront/contract/browser';

/**
 * A degraded answer without a readable `meta.degraded` (only the `Storefront-Degraded` header said so, or the
 * body is off the contract): the kit still shows it as a saved copy, not knowing when it was saved or when to try
 * again.
 */
export interface DegradedWithoutDetails {
  service: string;
  reason: DegradedReason | 'unknown';
  savedAt: null;
  retryAfterMs: null;
}

/** What a degraded answer says about its saved copy: the contract's `meta.degraded`, or only its header. */
export type DegradedInfo = Degraded | DegradedWithoutDetails;

/** The outcome of one BFF call made with `fetchApi`. Writes are never `degraded`. */
export type ApiResult<T> =
  | { status: 'live'; data: T }
  | { status: 'degraded'; data: T; degraded: DegradedInfo }
  | { status: 'unavailable'; retryAfterMs: number; message: string }
  /** `code`: the contract's code as the BFF sent it (not looked up at run time, see `api-client.ts`), or null. */
  | { status: 'error'; message: string; code: ErrorCode | null; httpStatus: number | null };

/** The outcome of one idempotent BFF write made with `sendApi`. */
export type WriteResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      /** `network`: no answer; `unavailable`: 5xx; `rejected`: a 4xx (or an odd 2xx) the BFF stored. */
      kind: 'network' | 'unavailable' | 'rejected';
      httpStatus: number | null;
      /** The contract's code as the BFF sent it (not looked up at run time, see `api-client.ts`), or null. */
      code: ErrorCode | null;
      message: string;
      /** The same action may be sent again with the same Idempotency-Key. */
      retryable: boolean;
      retryAfterMs: number | null;
      /** The raw `error` object, for details such as `lines`. */
      error: Record<string, unknown>;
    };
