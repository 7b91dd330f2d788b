// The cart service as the BFF uses it: carts and orders, the trusted identity headers it acts on, and (through
// cart-answers.ts) the mapping of its answers to the contract's types.
import { type Cart, CHECKOUT_MODES, type CheckoutMode, type Order } from '@storefront/contract';
import { type ApiError, isApiError } from '@storefront/service-kit';
import { type Identity, identityScope, type SignedIn, userScope } from '../identity.js';
import type { UpstreamOutcome } from '../upstream/types.js';
import type { Upstream } from '../upstream/upstream.js';
import { type CartForCheckout, toBrowserCart, toBrowserOrder, toCartForCheckout } from './cart-answers.js';
import type { PricedProduct } from './catalog-client.js';
import { type ReportedConsumer, readConsumers } from './consumer-status.js';
import { type EventPage, readEventPage } from './event-page.js';
import { type Answer, answerOf, clientErrorOf, invalidResponse, isRecord, jsonOf } from './service-answer.js';

const SERVICE = 'cart';

/** An anonymous cart merge the cart service answered (2xx merged, 4xx nothing to merge: final either way). */
export interface MergeResult {
  status: number;
  /** The merged cart (2xx only), checked when asked for: sign-in does not need it. */
  cart: (() => Answer<{ cart: Cart }>) | null;
}

/** The order a checkout asks for (lines at fresh prices, and the cart version they were read from). */
export interface NewOrder {
  checkoutId: string;
  lines: Array<{
    productId: number;
    name: string;
    unitPriceCents: number;
    currency: string;
    quantity: number;
  }>;
  shippingAddress: unknown;
  expectedCartVersion: number;
}

/** `POST /orders`: created (or the same order again), or refused with a 4xx such as CART_CHANGED. */
export type CreateOrderResult = { kind: 'created'; order: Order } | { kind: 'rejected'; error: ApiError };

/** `GET /orders/by-checkout/:id`: the order, a definite 404, or no usable answer. */
export type OrderLookup = { kind: 'found'; order: Order } | { kind: 'not-found' } | { kind: 'unknown' };

/** The trusted headers that tell the cart service whose cart it is (the browser can never set them). */
export function cartIdentityHeaders(identity: NonNullable<Identity>): Record<string, string> {
  return 'userId' in identity
    ? { 'x-user-id': String(identity.userId) }
    : { 'x-anonymous-cart': identity.anonymousCartId };
}

function userHeaders(userId: number): Record<string, string> {
  return { 'x-user-id': String(userId) };
}

/** `{ mode }` of the cart service's settings: one of the contract's checkout modes. */
function checkoutModeOf(outcome: UpstreamOutcome): CheckoutMode {
  const { mode } = jsonOf(SERVICE, outcome);
  const known = CHECKOUT_MODES.find((name) => name === mode);
  if (known === undefined) throw invalidResponse(SERVICE, 'checkout mode');
  return known;
}

function cartAnswer(outcome: UpstreamOutcome): Answer<{ cart: Cart }> {
  return answerOf(SERVICE, outcome, (json) => ({ cart: toBrowserCart(json.cart) }));
}

/** The cart service behind its resilience policy. */
export class CartClient {
  constructor(private readonly upstream: Upstream) {}

  /** `GET /cart`; its saved copy is the caller's own, never another's. */
  async getCart(identity: NonNullable<Identity>, requestId: string): Promise<Answer<{ cart: Cart }>> {
    const outcome = await this.upstream.request({
      path: '/cart',
      headers: cartIdentityHeaders(identity),
      savedCopy: { scope: identityScope(identity) },
      requestId,
    });
    return cartAnswer(outcome);
  }

  /** `PUT /cart/lines/:id` in `add` mode, with the price and stock snapshot read live from the catalog. */
  async addLine(
    identity: NonNullable<Identity>,
    product: PricedProduct,
    quantity: number,
    requestId: string,
    idempotencyKey?: string,
  ): Promise<Answer<{ cart: Cart }>> {
    const { name, slug, image, priceCents, currency, stock } = product;
    const outcome = await this.upstream.request({
      method: 'PUT',
      path: `/cart/lines/${product.id}`,
      headers: cartIdentityHeaders(identity),
      idempotencyKey,
      body: {
        quantity,
        mode: 'add',
        snapshot: { name, slug, image, unitPriceCents: priceCents, currency, stock },
      },
      requestId,
    });
    return cartAnswer(outcome);
  }

  /** `PUT /cart/lines/:id` in `set` mode (0 removes the line). */
  async setLine(
    identity: NonNullable<Identity>,
    productId: number,
    quantity: number,
    requestId: string,
    idempotencyKey?: string,
  ): Promise<Answer<{ cart: Cart }>> {
    const outcome = await this.upstream.request({
      method: 'PUT',
      path: `/cart/lines/${productId}`,
      headers: cartIdentityHeaders(identity),
      idempotencyKey,
      body: { quantity, mode: 'set' },
      requestId,
    });
    return cartAnswer(outcome);
  }

  /** `DELETE /cart/lines/:id`. */
  async removeLine(
    identity: NonNullable<Identity>,
    productId: number,
    requestId: string,
    idempotencyKey?: string,
  ): Promise<Answer<{ cart: Cart }>> {
    const outcome = await this.upstream.request({
      method: 'DELETE',
      path: `/cart/lines/${productId}`,
      headers: cartIdentityHeaders(identity),
      idempotencyKey,
      requestId,
    });
    return cartAnswer(outcome);
  }

  /**
   * `POST /cart/merge`: the anonymous cart into the user's. Throws UpstreamUnavailableError when the cart
   * service cannot answer (the merge is then still to do).
   */
  async mergeAnonymousCart(userId: number, anonymousCartId: string, requestId: string): Promise<MergeResult> {
    const outcome = await this.upstream.request({
      method: 'POST',
      path: '/cart/merge',
      headers: userHeaders(userId),
      body: { anonymousCartId },
      requestId,
    });
    const { status } = outcome.response;
    return { status, cart: status < 400 ? () => cartAnswer(outcome) : null };
  }

  /** The user's cart read live, with its version, for checkout. */
  async cartForCheckout(userId: number, requestId: string): Promise<CartForCheckout> {
    const outcome = await this.upstream.request({
      path: '/cart',
      headers: userHeaders(userId),
      savedCopy: 'none',
      requestId,
    });
    return toCartForCheckout(jsonOf(SERVICE, outcome).cart);
  }

  /** Drops the user's saved cart (an order emptied it: the copy must never be served again). */
  forgetCart(userId: number, requestId: string): void {
    this.upstream.forget({ path: '/cart', savedCopy: { scope: userScope(userId) }, requestId });
  }

  /** `GET /orders`, newest first; its saved copy is the user's own. */
  async listOrders(user: SignedIn, requestId: string): Promise<Answer<{ orders: Order[] }>> {
    const outcome = await this.upstream.request({
      path: '/orders',
      headers: userHeaders(user.userId),
      savedCopy: { scope: identityScope(user) },
      requestId,
    });
    return answerOf(SERVICE, outcome, (json) => {
      if (!Array.isArray(json.orders)) throw invalidResponse(SERVICE, 'order list');
      return { orders: json.orders.map(toBrowserOrder) };
    });
  }

  /** `GET /orders/:id` (another user's order is the service's 404 ORDER_NOT_FOUND). */
  async getOrder(user: SignedIn, orderId: string, requestId: string): Promise<Answer<{ order: Order }>> {
    const outcome = await this.upstream.request({
      path: `/orders/${encodeURIComponent(orderId)}`,
      headers: userHeaders(user.userId),
      savedCopy: { scope: identityScope(user) },
      requestId,
    });
    return answerOf(SERVICE, outcome, (json) => ({ order: toBrowserOrder(json.order) }));
  }

  /** `POST /orders`: the order and the emptied cart in one transaction, idempotent on `checkoutId`. */
  async createOrder(userId: number, order: NewOrder, requestId: string): Promise<CreateOrderResult> {
    const outcome = await this.upstream.request({
      method: 'POST',
      path: '/orders',
      headers: userHeaders(userId),
      body: order,
      requestId,
    });
    if (outcome.response.status >= 400) return { kind: 'rejected', error: clientErrorOf(SERVICE, outcome) };
    return { kind: 'created', order: toBrowserOrder(jsonOf(SERVICE, outcome).order) };
  }

  /**
   * `POST /checkouts/:id/place`: the choreographed checkout's one call: a pending order from the cart as it is,
   * and `OrderPlaced` in the same transaction (the catalog takes it from there). Idempotent on the checkout id.
   */
  async placePendingOrder(userId: number, checkoutId: string, requestId: string): Promise<CreateOrderResult> {
    const outcome = await this.upstream.request({
      method: 'POST',
      path: `/checkouts/${encodeURIComponent(checkoutId)}/place`,
      headers: userHeaders(userId),
      body: {},
      requestId,
    });
    if (outcome.response.status >= 400) return { kind: 'rejected', error: clientErrorOf(SERVICE, outcome) };
    return { kind: 'created', order: toBrowserOrder(jsonOf(SERVICE, outcome).order) };
  }

  /** Whether a checkout's order exists; any failure to find out is `unknown`, never thrown. */
  async findOrderByCheckout(userId: number, checkoutId: string, requestId: string): Promise<OrderLookup> {
    try {
      const outcome = await this.upstream.request({
        path: `/orders/by-checkout/${encodeURIComponent(checkoutId)}`,
        headers: userHeaders(userId),
        savedCopy: 'none',
        requestId,
      });
      const { status, json } = outcome.response;
      if (status === 404) return { kind: 'not-found' };
      if (status >= 400 || !isRecord(json)) return { kind: 'unknown' };
      return { kind: 'found', order: toBrowserOrder(json.order) };
    } catch (error) {
      // Unavailable, or an order of the wrong shape: the saga cannot tell, so it must not release the stock.
      if (isApiError(error)) return { kind: 'unknown' };
      throw error;
    }
  }

  /** `GET /settings/checkout-mode`, always live: the console must show the mode checkouts run in now. */
  async checkoutMode(requestId: string): Promise<CheckoutMode> {
    const outcome = await this.upstream.request({
      path: '/settings/checkout-mode',
      savedCopy: 'none',
      requestId,
    });
    return checkoutModeOf(outcome);
  }

  /** `PUT /settings/checkout-mode`: the whole setting, so it is safe to retry. */
  async setCheckoutMode(mode: CheckoutMode, requestId: string): Promise<CheckoutMode> {
    const outcome = await this.upstream.request({
      method: 'PUT',
      path: '/settings/checkout-mode',
      body: { mode },
      repeatable: true,
      requestId,
    });
    return checkoutModeOf(outcome);
  }

  /** `GET /events`: a page of this service's outbox feed (the console's events view). */
  async events(after: number, limit: number, requestId: string): Promise<EventPage> {
    return readEventPage(this.upstream, SERVICE, after, limit, requestId);
  }

  /** `GET /events/consumers`: where this service's event consumers stand (the console's events view). */
  async consumers(requestId: string): Promise<ReportedConsumer[]> {
    return readConsumers(this.upstream, SERVICE, requestId);
  }
}
