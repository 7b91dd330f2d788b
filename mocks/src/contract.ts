// Shapes shared by every BFF route (docs/architecture.md, "The degraded contract").

/** Why a read was answered from a saved copy. */
export type DegradedReason = 'circuit-open' | 'timeout' | 'upstream-error';

/** `meta.degraded` of a degraded answer. */
export interface DegradedMeta {
  service: string;
  reason: DegradedReason;
  savedAt: string;
  retryAfterMs: number;
}

/** `meta` of every JSON body from the BFF. */
export interface ResponseMeta {
  requestId: string;
  degraded: DegradedMeta | null;
}

let requestCounter = 0;

/** A request id unique within this process, in the spirit of the BFF's. */
export function nextRequestId(): string {
  requestCounter += 1;
  return `mock-${Date.now().toString(36)}-${requestCounter}`;
}

/** The exact 503 body of the contract for a service with no saved copy. */
export function upstreamUnavailableBody(service: string, retryAfterMs: number) {
  return {
    error: {
      code: 'UPSTREAM_UNAVAILABLE',
      message: `${service} is unavailable`,
      service,
      breaker: 'open',
      retryAfterMs,
    },
  };
}

/** The `Retry-After` header value (whole seconds, rounded up) for a delay in ms. */
export function retryAfterSeconds(retryAfterMs: number): string {
  return String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}
