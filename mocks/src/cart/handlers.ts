import type { addCartLine, checkout, getCart, removeCartLine, setCartLine } from '@storefront/contract';
import {
  type Cart,
  type CartAnswer,
  type CheckoutAnswer,
  MAX_LINE_QUANTITY,
  type Order,
  type ShippingAddress,
} from '@storefront/contract/browser';
import { type DefaultBodyType, type HttpHandler, HttpResponse, http, type PathParams } from 'msw';
import { accountMockStore } from '../account/store';
import {
  type BodiesOf,
  dataMeta,
  degradedMeta,
  errorBody,
  type ScenarioOptions,
  unavailableResponse,
} from '../answers';
import type { ScenarioName } from '../scenario-name';
import { idempotentWrites, type WriteAnswer } from './idempotent-writes';
import { createOrderHandlers } from './order-handlers';
import { type CartState, type CartStateOptions, createCartState, type MockOutcome } from './state';

/** Knobs for one set of cart handlers. */
export interface CartHandlerOptions extends ScenarioOptions, CartStateOptions {
  /** The cart to serve (default: a new one); pass one to share it between handler sets or to inspect it. */
  state?: CartState;
}

const SERVICE = 'cart';

/** The 503 the BFF sends when the cart service is down and it has no saved copy (or for any write). */
export function cartUnavailableResponse(retryAfterMs?: number) {
  return unavailableResponse(SERVICE, retryAfterMs);
}

const isQuantity = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_LINE_QUANTITY;

/** A path's `:productId`, as the BFF's schema reads it (a positive integer), else null. */
function parseProductId(raw: unknown): number | null {
  const text = String(raw);
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : null;
}

function parseAddress(value: unknown): ShippingAddress | null | undefined {
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

function failure(outcome: Extract<MockOutcome<unknown>, { ok: false }>, requestId: string): WriteAnswer {
  const { status, code, message, ...details } = outcome.error;
  return { status, body: errorBody(code, message, requestId, details) };
}

function cartAnswer(outcome: MockOutcome<Cart>, requestId: string): WriteAnswer {
  if (!outcome.ok) return failure(outcome, requestId);
  const body: CartAnswer = { cart: outcome.value, meta: { requestId, degraded: null } };
  return { status: 200, body };
}

function checkoutAnswer(outcome: MockOutcome<Order>, requestId: string): WriteAnswer {
  if (!outcome.ok) return failure(outcome, requestId);
  const body: CheckoutAnswer = { order: outcome.value, meta: { requestId } };
  // 202: the choreographed checkout has only recorded the order; its outcome follows (`GET /api/orders/:id`).
  return { status: outcome.value.status === 'pending' ? 202 : 201, body };
}

/** A schema failure, as the BFF answers it (one code for every part of the request). */
const invalid = (message: string, requestId: string) => ({
  status: 400,
  body: errorBody('INVALID_REQUEST', message, requestId),
});

/**
 * Builds the cart's handlers for one scenario over an in-memory cart: `normal` answers live and applies writes,
 * `degraded` answers reads with a saved copy (header + `meta.degraded`) and writes with 503, `unavailable`
 * answers 503 + `Retry-After` to everything. Writes honour `Idempotency-Key` like the BFF (replay, 422 on reuse
 * with another body; checkout requires one). `/api/orders` is answered here too: the BFF asks the cart service.
 */
export function createCartHandlers(scenario: ScenarioName, options: CartHandlerOptions = {}): HttpHandler[] {
  const state = options.state ?? createCartState(options);
  const degraded = scenario === 'degraded' ? degradedMeta(SERVICE, options) : null;
  const handlerOptions = { once: options.once ?? false };
  const unavailable = () => cartUnavailableResponse(options.retryAfterMs);
  const runWrite = idempotentWrites();
  const write: typeof runWrite = async (...args) =>
    scenario === 'normal' ? runWrite(...args) : unavailable();

  return [
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof getCart>>(
      '*/api/cart',
      () => {
        if (scenario === 'unavailable') return unavailable();
        const { meta, init } = dataMeta(degraded);
        return HttpResponse.json<CartAnswer>({ cart: state.cart(), meta }, init);
      },
      handlerOptions,
    ),
    http.post<PathParams, DefaultBodyType, BodiesOf<typeof addCartLine>>(
      '*/api/cart/lines',
      ({ request }) =>
        write(request, false, (body, requestId) => {
          const productId = typeof body.productId === 'number' ? parseProductId(body.productId) : null;
          if (productId === null) return invalid('productId must be an id', requestId);
          if (!isQuantity(body.quantity, 1)) {
            return invalid(`quantity must be 1 to ${MAX_LINE_QUANTITY}`, requestId);
          }
          return cartAnswer(state.add(productId, body.quantity), requestId);
        }),
      handlerOptions,
    ),
    http.patch<PathParams, DefaultBodyType, BodiesOf<typeof setCartLine>>(
      '*/api/cart/lines/:productId',
      ({ request, params }) =>
        write(request, false, (body, requestId) => {
          const productId = parseProductId(params.productId);
          if (productId === null) return invalid('productId must be an id', requestId);
          if (!isQuantity(body.quantity, 0)) {
            return invalid(`quantity must be 0 to ${MAX_LINE_QUANTITY}`, requestId);
          }
          return cartAnswer(state.set(productId, body.quantity), requestId);
        }),
      handlerOptions,
    ),
    http.delete<PathParams, DefaultBodyType, BodiesOf<typeof removeCartLine>>(
      '*/api/cart/lines/:productId',
      ({ request, params }) =>
        write(request, false, (_body, requestId) => {
          const productId = parseProductId(params.productId);
          if (productId === null) return invalid('productId must be an id', requestId);
          return cartAnswer({ ok: true, value: state.remove(productId) }, requestId);
        }),
      handlerOptions,
    ),
    http.post<PathParams, DefaultBodyType, BodiesOf<typeof checkout>>(
      '*/api/checkout',
      ({ request }) =>
        write(request, true, (body, requestId) => {
          const address = parseAddress(body.shippingAddress);
          if (address === undefined) return invalid('shippingAddress is incomplete', requestId);
          return checkoutAnswer(state.checkout(crypto.randomUUID(), address), requestId);
        }),
      handlerOptions,
    ),
    ...createOrderHandlers(scenario, { state, degraded, unavailable, handlerOptions }),
  ];
}

// The ready-made carts check out for whoever the account mocks have signed in (one mocked browser session).
const followAccountSession = { currentUserId: () => accountMockStore.currentUser()?.id ?? null };
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

/**
 * The in-memory carts behind {@link cartHandlers} (e.g. to force the shopper signed out at checkout, or to check
 * out choreographed with `setChoreography`).
 */
export const cartMockStates: Readonly<Record<ScenarioName, CartState>> = readyStates;

/** Resets every ready-made cart to its initial lines and orders (call it between tests). */
export function resetCartMocks(): void {
  for (const state of Object.values(readyStates)) state.reset();
}
