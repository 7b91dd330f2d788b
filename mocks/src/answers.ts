// What every mocked BFF answer shares, typed by the contract (docs/architecture.md, "The degraded contract"):
// request ids, the degraded meta and header, the 503 without a saved copy and the error envelope. Values come
// from `@storefront/contract/browser` only: this code also runs in the remotes' standalone pages.

import type { AnswerOf, RouteDefinition } from '@storefront/contract';
import {
  type DataMeta,
  DEGRADED_HEADER,
  type Degraded,
  type DegradedReason,
  type ErrorCode,
  type ErrorEnvelope,
  type Meta,
  REQUEST_ID_HEADER,
  type Unavailable,
} from '@storefront/contract/browser';
import { HttpResponse } from 'msw';

/**
 * Every body a contract route may answer (all its statuses), to type a handler's resolver by its route:
 * `http.get<PathParams, DefaultBodyType, BodiesOf<typeof getCart>>(…)`. A type only: no TypeBox at run time.
 */
export type BodiesOf<Route extends RouteDefinition> = {
  [Status in keyof Route['schema']['response']]: AnswerOf<Route, Status>;
}[keyof Route['schema']['response']];

/** Knobs every handler set takes; tests use small `retryAfterMs` values. */
export interface ScenarioOptions {
  /** `meta.degraded.retryAfterMs` (degraded, default 5000) or the 503's `retryAfterMs` (default 4200). */
  retryAfterMs?: number;
  /** Why answers are degraded (default `circuit-open`). */
  reason?: DegradedReason;
  /** When the saved copies were taken (default: two minutes before the handlers were made). */
  savedAt?: string;
  /** Each handler answers only its first matching request (msw `once`), then falls through. */
  once?: boolean;
}

/** The `meta` of one answer and the headers that go with it. */
export interface AnswerParts<M> {
  meta: M;
  init: { headers: Record<string, string> };
}

const DEFAULT_UNAVAILABLE_RETRY_MS = 4200;

let requestCounter = 0;

/** A request id unique within this process, in the spirit of the BFF's. */
export function nextRequestId(): string {
  requestCounter += 1;
  return `mock-${Date.now().toString(36)}-${requestCounter}`;
}

/** The `Retry-After` header value (whole seconds, rounded up) for a delay in ms. */
export function retryAfterSeconds(retryAfterMs: number): string {
  return String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/** The `meta.degraded` of a saved copy from `service`. */
export function degradedMeta(service: string, options: ScenarioOptions = {}): Degraded {
  return {
    service,
    reason: options.reason ?? 'circuit-open',
    savedAt: options.savedAt ?? new Date(Date.now() - 120_000).toISOString(),
    retryAfterMs: options.retryAfterMs ?? 5000,
  };
}

/** `meta` of an upstream's answer: live when `degraded` is null, else a saved copy (with its header). */
export function dataMeta(degraded: Degraded | null): AnswerParts<DataMeta> {
  const requestId = nextRequestId();
  const headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
  if (degraded) headers[DEGRADED_HEADER] = `${degraded.service}; reason=${degraded.reason}`;
  return { meta: { requestId, degraded }, init: { headers } };
}

/** `meta` of the BFF's own answers (sign-in, checkout…), which are never saved copies. */
export function ownMeta(): AnswerParts<Meta> {
  const requestId = nextRequestId();
  return { meta: { requestId }, init: { headers: { [REQUEST_ID_HEADER]: requestId } } };
}

/** The 503 the BFF sends when `service` is down and it has no saved copy (or the call is a write). */
export function unavailableResponse(service: string, retryAfterMs = DEFAULT_UNAVAILABLE_RETRY_MS) {
  const requestId = nextRequestId();
  return HttpResponse.json<Unavailable>(
    {
      error: {
        code: 'UPSTREAM_UNAVAILABLE',
        message: `${service} is unavailable`,
        service,
        breaker: 'open',
        retryAfterMs,
      },
      meta: { requestId },
    },
    {
      status: 503,
      headers: { 'Retry-After': retryAfterSeconds(retryAfterMs), [REQUEST_ID_HEADER]: requestId },
    },
  );
}

/** The error envelope of a 4xx with one of the contract's codes (`details` such as `lines` go beside them). */
export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  details: Record<string, unknown> = {},
): ErrorEnvelope {
  return { error: { ...details, code, message }, meta: { requestId } };
}

/** A 4xx answer with the error envelope. */
export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
) {
  const requestId = nextRequestId();
  return HttpResponse.json<ErrorEnvelope>(errorBody(code, message, requestId, details), {
    status,
    headers: { [REQUEST_ID_HEADER]: requestId },
  });
}
