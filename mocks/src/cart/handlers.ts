import { type HttpHandler, HttpResponse, http } from 'msw';
import { accountMockStore } from '../account/store';
import {
  type DegradedMeta,
  type DegradedReason,
  nextRequestId,
  type ResponseMeta,
  retryAfterSeconds,
  upstreamUnavailableBody,
} from '../contract';
import type { ScenarioName } from '../scenario-name';
import { type CartState, type CartStateOptions, createCartState, type MockShippingAddress } from './state';

/** Knobs for one set of cart handlers; tests use small `retryAfterMs` values. */
export interface CartHandlerOptions extends CartStateOptions {
  /** `meta.degraded.retryAfterMs` (degraded, default 5000) or the 503's `retryAfterMs` (unavailable, default 4200). */
  retryAfterMs?: number;
  /** Why the answer is degraded (default `circuit-open`). */
  reason?: DegradedReason;
  /** When the saved copy was taken (default: two minutes before the handlers were made). */
  savedAt?: string;
  /** Each handler answers only its first matching request (msw `once`), then falls through. */
  once?: boolean;
  /** The cart to serve (default: a new one); pass one to share it between handler sets or to inspect it. */
  state?: CartState;
}

const SERVICE = 'cart';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The `meta.degraded` a degraded cart answer carries. */
export function cartDegradedMeta(options: CartHandlerOptions = {}): DegradedMeta {
  return {
    service: SERVICE,
    reason: options.reason ?? 'circuit-open',
    savedAt: options.savedAt ?? new Date(Date.now() - 120_000).toISOString(),
    retryAfterMs: options.retryAfterMs ?? 5000,
  };
}

/** The 503 the BFF sends when the cart service is down and it has no saved copy (or for any write). */
export function cartUnavailableResponse(retryAfterMs = 4200, requestId = nextRequestId()) {
  return HttpResponse.json(upstreamUnavailableBody(SERVICE, retryAfterMs), {
    status: 503,
    headers: { 'Retry-After': retryAfterSeconds(retryAfterMs), 'x-request-id': requestId },
  });
}

interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: Record<string, unknown>;
}

function errorBody(code: string, message: string, requestId: string, extra: object = {}) {
  return { error: { code, message, ...extra }, meta: { requestId } };
}

async function readBody(request: Request): Promise<Record<string, unknown> | null> {
  const text = await request.text();
  if (text === '') return {};
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const isQuantity = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 999;

function parseProductId(raw: unknown): number | null {
  const text = String(raw);
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

function parseAddress(value: unknown): MockShippingAddress | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const address = value as Record<string, unknown>;
  const text = (key: string) => (typeof address[key] === 'string' ? (address[key] as string) : '');
  if (!text('line1') || !text('city') || !text('postalCode') || !/^[A-Z]{2}$/.test(text('country'))) {
    return undefined;
  }
  return {
    line1: text('line1'),
    ...(text('line2') ? { line2: text('line2') } : {}),
    city: text('city'),
    postalCode: text('postalCode'),
    country: text('country'),
  };
}

/**
 * Builds the cart's handlers for one scenario over an in-memory cart: `normal` answers live and applies writes,
 * `degraded` answers reads with a saved copy (header + `meta.degraded`) and writes with 503, `unavailable`
 * answers 503 + `Retry-After` to everything. Writes honour `Idempotency-Key` like the BFF (replay, 422 on reuse
 * with another body; checkout requires one).
 */
export function createCartHandlers(scenario: ScenarioName, options: CartHandlerOptions = {}): HttpHandler[] {
  const state = options.state ?? createCartState(options);
  const degraded = scenario === 'degraded' ? cartDegradedMeta(options) : null;
  const handlerOptions = { once: options.once ?? false };
  const idempotency = new Map<string, StoredAnswer>();

  const json = (body: Record<string, unknown>, status: number, requestId: string, extra: object = {}) =>
    HttpResponse.json(body, { status, headers: { 'x-request-id': requestId, ...extra } });

  // A read: live, a saved copy, or the 503.
  const read = (body: () => Record<string, unknown>) => {
    const requestId = nextRequestId();
    if (scenario === 'unavailable') return cartUnavailableResponse(options.retryAfterMs, requestId);
    const meta: ResponseMeta = { requestId, degraded };
    const headers: Record<string, string> = {};
    if (degraded) headers['Storefront-Degraded'] = `${SERVICE}; reason=${degraded.reason}`;
    return json({ ...body(), meta }, 200, requestId, headers);
  };

  // A write: validated, replayed for a known key, applied, and remembered when it completed (2xx/4xx).
  const write = async (
    request: Request,
    requireKey: boolean,
    apply: (body: Record<string, unknown>) => { status: number; body: Record<string, unknown> },
  ) => {
    const requestId = nextRequestId();
    if (scenario !== 'normal') return cartUnavailableResponse(options.retryAfterMs, requestId);
    const key = request.headers.get('Idempotency-Key');
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
      return json(errorBody('INVALID_REQUEST', 'Idempotency-Key is malformed', requestId), 400, requestId);
    }
    if (key === null && requireKey) {
      return json(
        errorBody('IDEMPOTENCY_KEY_REQUIRED', 'an Idempotency-Key header is required', requestId),
        400,
        requestId,
      );
    }
    const body = await readBody(request);
    if (body === null) {
      return json(errorBody('INVALID_REQUEST', 'the body must be a JSON object', requestId), 400, requestId);
    }
    const url = new URL(request.url);
    const fingerprint = `${request.method} ${url.pathname} ${JSON.stringify(body)}`;
    if (key !== null) {
      const stored = idempotency.get(key);
      if (stored && stored.fingerprint !== fingerprint) {
        return json(
          errorBody('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request', requestId),
          422,
          requestId,
        );
      }
      if (stored) {
        return json(stored.body, stored.status, requestId, { 'Idempotent-Replayed': 'true' });
      }
    }
    const answer = apply(body);
    const withMeta = { ...answer.body, meta: { requestId, degraded: null } };
    if (key !== null && answer.status < 500) {
      idempotency.set(key, { fingerprint, status: answer.status, body: withMeta });
    }
    return json(withMeta, answer.status, requestId);
  };

  const invalid = (message: string) => ({
    status: 400,
    body: { error: { code: 'INVALID_REQUEST', message } },
  });

  const cartAnswer = (outcome: ReturnType<CartState['add']>) =>
    outcome.ok
      ? { status: 200, body: { cart: outcome.value } }
      : { status: outcome.error.status, body: { error: outcome.error } };

  return [
    http.get('*/api/cart', () => read(() => ({ cart: state.cart() })), handlerOptions),
    http.post(
      '*/api/cart/lines',
      ({ request }) =>
        write(request, false, (body) => {
          const productId = parseProductId(body.productId);
          if (typeof body.productId !== 'number' || productId === null) {
            return invalid('productId must be a positive integer');
          }
          if (!isQuantity(body.quantity, 1)) return invalid('quantity must be an integer from 1 to 999');
          return cartAnswer(state.add(productId, body.quantity));
        }),
      handlerOptions,
    ),
    http.patch(
      '*/api/cart/lines/:productId',
      ({ request, params }) =>
        write(request, false, (body) => {
          const productId = parseProductId(params.productId);
          if (productId === null) return invalid('productId must be a positive integer');
          if (!isQuantity(body.quantity, 0)) return invalid('quantity must be an integer from 0 to 999');
          return cartAnswer(state.set(productId, body.quantity));
        }),
      handlerOptions,
    ),
    http.delete(
      '*/api/cart/lines/:productId',
      ({ request, params }) =>
        write(request, false, () => {
          const productId = parseProductId(params.productId);
          if (productId === null) return invalid('productId must be a positive integer');
          return cartAnswer(state.remove(productId));
        }),
      handlerOptions,
    ),
    http.post(
      '*/api/checkout',
      ({ request }) =>
        write(request, true, (body) => {
          const address = parseAddress(body.shippingAddress);
          if (address === undefined) return invalid('shippingAddress is incomplete');
          const outcome = state.checkout(crypto.randomUUID(), address);
          return outcome.ok
            ? { status: 201, body: { order: outcome.value } }
            : { status: outcome.error.status, body: { error: outcome.error } };
        }),
      handlerOptions,
    ),
    http.get('*/api/orders', () => read(() => ({ orders: state.orders() })), handlerOptions),
    http.get(
      '*/api/orders/:id',
      ({ params }) => {
        const order = state.orders().find((candidate) => candidate.id === String(params.id));
        if (order || scenario === 'unavailable') return read(() => ({ order }));
        const requestId = nextRequestId();
        return json(errorBody('ORDER_NOT_FOUND', 'no such order', requestId), 404, requestId);
      },
      handlerOptions,
    ),
  ];
}

// The ready-made carts check out for whoever the account mocks have signed in (one mocked browser session).
const followAccountSession = { isSignedIn: () => accountMockStore.currentUser() !== null };
const readyStates: Record<ScenarioName, CartState> = {
  normal: createCartState(followAccountSession),
  degraded: createCartState(followAccountSession),
  unavailable: createCartState(followAccountSession),
};

/** Ready-made cart handler sets, one per scenario, each over its own in-memory cart. */
export const cartHandlers: Record<ScenarioName, HttpHandler[]> = {
  normal: createCartHandlers('normal', { state: readyStates.normal }),
  degraded: createCartHandlers('degraded', { state: readyStates.degraded }),
  unavailable: createCartHandlers('unavailable', { state: readyStates.unavailable }),
};

/** The in-memory carts behind {@link cartHandlers} (e.g. to force the shopper signed out at checkout). */
export const cartMockStates: Readonly<Record<ScenarioName, CartState>> = readyStates;

/** Resets every ready-made cart to its initial lines (call it between tests). */
export function resetCartMocks(): void {
  for (const state of Object.values(readyStates)) state.reset();
}
