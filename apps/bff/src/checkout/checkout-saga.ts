import type { Order, ShippingAddressInput } from '@storefront/contract';
import { ApiError, isApiError } from '@storefront/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { CartForCheckout } from '../clients/cart-answers.js';
import type { CartClient, NewOrder } from '../clients/cart-client.js';
import type { CatalogClient } from '../clients/catalog-client.js';
import { UpstreamUnavailableError } from '../upstream/upstream.js';
import { type CompensationOptions, Compensator } from './compensation.js';

/** Saga steps, as logged (`msg: "checkout step"`). */
export type CheckoutStep =
  | 'read-cart'
  | 'check-stock'
  | 'reserve-stock'
  | 'create-order'
  | 'find-order'
  | 'compensate';

/** How a checkout ended. `compensation` says what became of the stock reservation on failure. */
export type CheckoutResult =
  | { ok: true; checkoutId: string; order: Order; recovered: boolean }
  | { ok: false; checkoutId: string; error: ApiError; compensation: 'none' | 'done' | 'pending' };

export interface CheckoutInput {
  checkoutId: string;
  userId: number;
  shippingAddress: ShippingAddressInput | null;
  requestId: string;
}

/** A line the catalog cannot supply in the quantity asked. */
interface ShortLine {
  productId: number;
  requested: number;
  available: number;
}

/**
 * Orchestrates a checkout across the cart and catalog clients (docs/cart-and-account.md, "Checkout"): read the
 * cart, re-check prices and stock, reserve the stock, create the order; on a failed or unknown step 4 look the
 * order up and otherwise release the reservation (the Compensator retries that release in the background).
 */
export class CheckoutSaga {
  private readonly compensator: Compensator;

  constructor(
    private readonly cart: CartClient,
    private readonly catalog: CatalogClient,
    private readonly log: FastifyBaseLogger,
    options: CompensationOptions = {},
  ) {
    this.compensator = new Compensator(cart, catalog, log, options);
  }

  /** Number of compensations waiting for a background attempt. */
  get pendingCompensations(): number {
    return this.compensator.pending;
  }

  /** Stops the background retries (BFF shutdown). */
  close(): void {
    this.compensator.close();
  }

  /** Runs one checkout; upstream outages become a failed result, never a thrown error. */
  async run(input: CheckoutInput, log: FastifyBaseLogger = this.log): Promise<CheckoutResult> {
    const { checkoutId, userId, requestId } = input;
    const step = (name: CheckoutStep, outcome: string, extra: Record<string, unknown> = {}) =>
      log.info({ checkoutId, step: name, outcome, ...extra }, 'checkout step');
    const fail = (error: ApiError, compensation: 'none' | 'done' | 'pending' = 'none'): CheckoutResult => ({
      ok: false,
      checkoutId,
      error,
      compensation,
    });

    // 1. The cart, live.
    let cart: CartForCheckout;
    try {
      cart = await this.cart.cartForCheckout(userId, requestId);
    } catch (error) {
      step('read-cart', 'failed');
      return fail(asApiError(error));
    }
    if (cart.lines.length === 0) {
      step('read-cart', 'empty');
      return fail(new ApiError(409, 'CART_EMPTY', 'The cart is empty'));
    }
    step('read-cart', 'ok', { lineCount: cart.lines.length });

    // 2. Current prices and stock, live.
    const orderLines: NewOrder['lines'] = [];
    const short: ShortLine[] = [];
    try {
      for (const line of cart.lines) {
        const read = await this.catalog.pricedProduct(line.productId, requestId);
        const available = read.found ? read.product.stock : 0;
        if (!read.found || available < line.quantity) {
          short.push({ productId: line.productId, requested: line.quantity, available });
          continue;
        }
        const { name, priceCents, currency } = read.product;
        orderLines.push({
          productId: line.productId,
          name,
          unitPriceCents: priceCents,
          currency,
          quantity: line.quantity,
        });
      }
    } catch (error) {
      step('check-stock', 'failed');
      return fail(asApiError(error));
    }
    if (short.length > 0) {
      step('check-stock', 'insufficient-stock');
      return fail(insufficientStock(short));
    }
    step('check-stock', 'ok');

    // 3. Reserve (idempotent on the checkout id).
    const reservationLines = orderLines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    try {
      const reserved = await this.catalog.reserveStock(checkoutId, reservationLines, requestId);
      if (reserved.kind === 'insufficient') {
        step('reserve-stock', 'insufficient-stock');
        return fail(insufficientStock(reserved.lines));
      }
      if (reserved.kind === 'rejected') {
        step('reserve-stock', 'rejected', { status: reserved.error.statusCode });
        return fail(reserved.error);
      }
    } catch (error) {
      // A timeout may hide a reservation that was made: release it (idempotent, harmless when absent).
      step('reserve-stock', 'failed');
      const compensation = await this.compensator.compensate(
        { checkoutId, userId, requestId, checkOrderFirst: false },
        log,
      );
      return fail(asApiError(error), compensation);
    }
    step('reserve-stock', 'ok');

    // 4. Order + empty cart in one cart-service transaction (idempotent on the checkout id).
    let step4Error: ApiError;
    let definite = false;
    try {
      const created = await this.cart.createOrder(
        userId,
        {
          checkoutId,
          lines: orderLines,
          shippingAddress: input.shippingAddress,
          expectedCartVersion: cart.version,
        },
        requestId,
      );
      if (created.kind === 'created') {
        step('create-order', 'ok');
        this.cart.forgetCart(userId, requestId);
        return { ok: true, checkoutId, order: created.order, recovered: false };
      }
      // A 4xx (CART_CHANGED...) is a definite "no order".
      step4Error = created.error;
      definite = true;
      step('create-order', 'rejected', { code: step4Error.code });
    } catch (error) {
      step4Error = asApiError(error);
      step('create-order', error instanceof UpstreamUnavailableError ? error.reason : 'failed');
    }

    // 5. Did the order get created anyway? Otherwise give the stock back.
    const found = await this.cart.findOrderByCheckout(userId, checkoutId, requestId);
    if (found.kind === 'found') {
      step('find-order', 'found');
      this.cart.forgetCart(userId, requestId);
      return { ok: true, checkoutId, order: found.order, recovered: true };
    }
    step('find-order', found.kind);
    const compensation = await this.compensator.compensate(
      {
        checkoutId,
        userId,
        requestId,
        // Unknown lookup after an unknown step 4: the order may exist; decide later, in the background.
        checkOrderFirst: found.kind === 'unknown' && !definite,
      },
      log,
    );
    return fail(step4Error, compensation);
  }
}

/** Coded errors become the checkout's answer; anything else is a bug and propagates. */
function asApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  throw error;
}

function insufficientStock(lines: unknown[]): ApiError {
  return new ApiError(409, 'INSUFFICIENT_STOCK', 'Some products are not available in the quantity asked', {
    details: { lines },
  });
}
