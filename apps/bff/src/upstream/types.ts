// What an Upstream is asked and answers. The states, reasons, counters and transitions the browser sees are the
// contract's types; these are the BFF's own (requests, raw answers, observer events).
import type { Degraded, Transition } from '@storefront/contract';

/** Outcome of a call (attempts: successful/failed/timeout; requests: not_permitted/rejected/fallback). */
export type CallKind = 'successful' | 'failed' | 'timeout' | 'not_permitted' | 'rejected' | 'fallback';
export const CALL_KINDS: readonly CallKind[] = [
  'successful',
  'failed',
  'timeout',
  'not_permitted',
  'rejected',
  'fallback',
];

/** What observers (metrics, the ops stream) hear from an upstream. */
export type UpstreamEvent =
  | { type: 'call'; kind: CallKind; durationSeconds?: number }
  | { type: 'fresh-hit' }
  | { type: 'retry' }
  | { type: 'transition'; transition: Transition }
  /** A saved copy stood in for a failed call (with its `fallback` call event); its age when served. */
  | { type: 'saved-copy'; ageSeconds: number };

/** A bulkhead's room at this moment: free execution slots, and requests waiting in its queue. */
export interface BulkheadRoom {
  available: number;
  queued: number;
}

/** An upstream answer the BFF may pass on: 2xx or 4xx (5xx are failures and never get here). */
export interface UpstreamResponse {
  status: number;
  contentType: string;
  body: Buffer;
  /** Parsed body when the content type is JSON, otherwise undefined. */
  json: unknown;
  /** The service replayed the stored answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** A live answer, or the last good copy of the same request (`degraded` is its `meta.degraded`). */
export type UpstreamOutcome =
  | { source: 'live'; response: UpstreamResponse }
  | { source: 'saved'; response: UpstreamResponse; degraded: Degraded };

/** Scalar query values; `undefined` entries are left out. */
export type QueryValues = Readonly<Record<string, string | number | boolean | undefined>>;

/** One call to an upstream. */
export interface UpstreamRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path on the upstream, starting with "/". */
  path: string;
  query?: QueryValues;
  /** JSON body for writes. */
  body?: unknown;
  requestId: string;
  /**
   * The service-side Idempotency-Key of a write: sent as the header, and it makes the write safe to retry like a
   * GET (the service replays instead of changing anything twice).
   */
  idempotencyKey?: string;
  /** A write idempotent by nature (a PUT of a whole record, a compare-and-set, a release by id): retried like a GET. */
  repeatable?: boolean;
  /** Extra request headers (identity headers, `authorization`). */
  headers?: Readonly<Record<string, string>>;
  /**
   * Saved copies of this GET: `{ scope }` keys them by the caller (user id, anonymous cart, session hash);
   * `'none'` neither saves nor serves one (answers that must be live, e.g. prices for an order). Without
   * it, a GET is shared between callers, unless it carries an identity header: then it is never saved.
   */
  savedCopy?: { scope: string } | 'none';
  /** Keeps this GET's saved copy in the smaller search budget (`lkgSearchMaxEntries`), apart from pages. */
  search?: boolean;
}
