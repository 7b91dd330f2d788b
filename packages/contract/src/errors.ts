// Every error code the browser can receive from `/api` (docs/errors.md explains each one; a test keeps the two in
// step). Remotes compare codes against this list instead of against strings of their own.

/** Code → HTTP status (the usual one) and when it is answered. */
export const ERROR_CODES = {
  // The degraded contract and upstream failures.
  UPSTREAM_UNAVAILABLE: { status: 503, when: 'the upstream failed and no saved copy of this request exists' },
  UPSTREAM_INVALID_RESPONSE: { status: 502, when: 'an upstream answered 2xx with a body of the wrong shape' },
  UPSTREAM_CLIENT_ERROR: { status: 400, when: 'an upstream 4xx whose body is not the usual JSON error' },
  // Bad requests, as the schemas (of the BFF and of the services) and Fastify reject them.
  INVALID_REQUEST: {
    status: 400,
    when: 'a schema failure: query, path parameter, header (`param`) or body (`field`), bad JSON included',
  },
  INVALID_URL: { status: 400, when: 'malformed percent-encoding in the URL' },
  METHOD_NOT_ALLOWED: { status: 405, when: 'a known path asked with another method (`Allow` lists them)' },
  PAYLOAD_TOO_LARGE: { status: 413, when: 'the body is larger than the limit' },
  URL_TOO_LONG: { status: 414, when: 'a path segment is longer than the router accepts' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    when: 'the body is not JSON, or a POST/PUT/PATCH without Content-Type: application/json (even empty)',
  },
  HEADERS_TOO_LARGE: { status: 431, when: 'the request headers are too large' },
  REQUEST_TIMEOUT: { status: 408, when: 'the request took too long to arrive' },
  BAD_REQUEST: { status: 400, when: 'any other client error' },
  NOT_FOUND: { status: 404, when: 'no such route' },
  INTERNAL_ERROR: { status: 500, when: 'a bug; logged with the request id' },
  // Limits on what one client may ask.
  RATE_LIMITED: {
    status: 429,
    when: 'too many sign-in/sign-up attempts (per address or e-mail) or ops streams from one address',
  },
  OPS_STREAMS_FULL: { status: 503, when: 'the ops stream has as many clients as this BFF accepts' },
  // Writes from other sites, and host names this storefront is not served under (DNS rebinding).
  CROSS_SITE_REQUEST: {
    status: 403,
    when: 'a write sent by a page of another site (Origin / Sec-Fetch-Site)',
  },
  HOST_NOT_ALLOWED: { status: 403, when: 'the Host header is not loopback nor in ALLOWED_HOSTS' },
  // Shopper state.
  AUTH_REQUIRED: { status: 401, when: 'orders, profile or checkout while signed out' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, when: 'checkout without an Idempotency-Key' },
  CHECKOUT_FAILED: {
    status: 409,
    when: 'a replayed checkout whose record kept no answer (should not happen)',
  },
  INVALID_IDEMPOTENCY_KEY: { status: 400, when: 'the key is not 1–255 visible ASCII characters' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, when: 'same key, different request body' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, when: 'same key while the first request is still running' },
  CART_EMPTY: { status: 409, when: 'checkout with an empty cart' },
  INSUFFICIENT_STOCK: { status: 409, when: 'adding a product with no stock, or checkout short on stock' },
  // Passed through unchanged from the services.
  PRODUCT_NOT_FOUND: { status: 404, when: 'no such product (catalog service)' },
  UNKNOWN_CATEGORY: { status: 400, when: 'not a known category slug (catalog service)' },
  IMAGE_NOT_FOUND: { status: 404, when: 'no such image (catalog service)' },
  CART_CHANGED: { status: 409, when: 'the cart changed during checkout (cart service)' },
  SNAPSHOT_REQUIRED: {
    status: 400,
    when: 'a quantity set for a product that is not in the cart (cart service)',
  },
  ORDER_NOT_FOUND: { status: 404, when: 'no such order of this user (cart service)' },
  EMAIL_TAKEN: { status: 409, when: 'sign-up with an e-mail already registered (account service)' },
  INVALID_CREDENTIALS: { status: 401, when: 'wrong e-mail or password (account service)' },
  // The fault API (demo mode).
  LOOPBACK_ONLY: { status: 403, when: 'the fault API was called from another machine' },
  FAULT_PROXY_UNAVAILABLE: { status: 503, when: 'demo mode is on but the fault proxy does not answer' },
  UNKNOWN_TARGET: { status: 404, when: 'no such fault target' },
  UNKNOWN_SCENARIO: { status: 404, when: 'no such scenario' },
  // The supervisor (processes and kill), when one runs the stack.
  SUPERVISOR_UNAVAILABLE: { status: 503, when: 'no supervisor runs this stack, or it does not answer' },
  PROCESS_NOT_FOUND: { status: 404, when: 'kill names no supervised process' },
  // The local trace store (the /ops waterfall), when one runs with the stack.
  TRACE_STORE_UNAVAILABLE: {
    status: 503,
    when: 'no local trace store runs with this stack (TRACE_STORE_URL unset), or it does not answer',
  },
  TRACE_NOT_FOUND: { status: 404, when: 'the trace store keeps no trace with that id (never, or evicted)' },
  // The shell host, in front of the BFF.
  BFF_UNAVAILABLE: { status: 502, when: 'the shell host could not reach the BFF' },
  REGISTRY_UNAVAILABLE: { status: 503, when: 'the registry file is missing or not valid JSON' },
} as const satisfies Record<string, { status: number; when: string }>;

/** A code the browser may see in `error.code`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Narrows a code read from a body to a known one. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
