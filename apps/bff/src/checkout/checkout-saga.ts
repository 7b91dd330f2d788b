import type { Order, ShippingAddressInput } from '@storefront/contract';
import { ApiError, isApiError } from '@storefront/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { CartClient, NewOrder } from '../clients/cart-client.js';
import type { CatalogClient } from '../clients/catalog-client.js';
import {
  type CheckoutRecord,
  type CheckoutRecordsClient,
  errorOfRecord,
  type StoredError,
} from '../clients/checkout-records-client.js';
import { UpstreamUnavailableError } from '../upstream/upstream.js';
import type { CheckoutSettler } from './checkout-settler.js';

/** How a checkout ended; `replayed` when the answer is what an earlier attempt with the same key decided. */
export type CheckoutResult =
  | { ok: true; checkoutId: string; order: Order; replayed: boolean }
  | { ok: false; checkoutId: string; error: ApiError; replayed: boolean };

export interface CheckoutInput {
  /** Derived from the shopper's Idempotency-Key and identity: the record's id and the reservation's. */
  checkoutId: string;
  userId: number;
  shippingAddress: ShippingAddressInput | null;
  requestId: string;
}

/** What one pass over an `open` record produced: an answer, or the record to look at again. */
type Pass = { done: CheckoutResult } | { next: CheckoutRecord };

/** Rounds of "look at the record, act" before giving up to a concurrent attempt (another replica). */
const MAX_ROUNDS = 5;

/**
 * Orchestrates a checkout (docs/cart-and-account.md, "Checkout"). Its progress lives in the cart service's
 * checkout record, written before each step, so any replica resumes or replays it: `open` → stock checked →
 * `reserving` (reservation id = checkout id) → order created with the record set `ordered` in one cart
 * transaction → reservation committed → `completed`. A failed step undoes through `releasing`, a compare-and-set
 * after which no order can be created, so "release the stock" and "create the order" can never both happen.
 */
export class CheckoutSaga {
  constructor(
    private readonly cart: CartClient,
    private readonly records: CheckoutRecordsClient,
    private readonly catalog: CatalogClient,
    private readonly settler: CheckoutSettler,
  ) {}

  /** Runs, resumes or replays one checkout. Outages are thrown (503, nothing to replay: a retry continues). */
  async run(input: CheckoutInput, log: FastifyBaseLogger): Promise<CheckoutResult> {
    const { checkoutId, userId, requestId } = input;
    let record = await this.records.open(userId, checkoutId, input.shippingAddress, requestId);
    // What an earlier attempt decided (an order, or a final refusal) is replayed, not decided again.
    const replayed = record.state === 'ordered' || record.state === 'completed' || record.state === 'failed';
    log.info({ checkoutId, step: 'open', outcome: record.state }, 'checkout step');
    for (let round = 0; round < MAX_ROUNDS; round++) {
      switch (record.state) {
        case 'completed':
          return { ok: true, checkoutId, order: await this.orderOf(record, requestId), replayed };
        case 'failed':
          return { ok: false, checkoutId, error: errorOfRecord(storedError(record)), replayed };
        case 'ordered':
          record = await this.settler.finish(record, requestId);
          break;
        case 'reserving':
        case 'releasing':
          // An attempt died holding stock (or runs elsewhere right now): undo it, then run afresh.
          record = await this.settler.undo(record, { to: 'open' }, requestId);
          break;
        case 'open': {
          const pass =
            record.mode === 'choreographed'
              ? await this.placePending(input, log)
              : await this.pass(record, input, log);
          if ('done' in pass) return pass.done;
          record = pass.next;
        }
      }
    }
    throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_USE', 'This checkout is still running elsewhere', {
      headers: { 'Retry-After': '1' },
    });
  }

  /** One run of the steps from an `open` record. */
  private async pass(record: CheckoutRecord, input: CheckoutInput, log: FastifyBaseLogger): Promise<Pass> {
    const { checkoutId, userId, requestId } = input;
    const step = (name: string, outcome: string) =>
      log.info({ checkoutId, step: name, outcome }, 'checkout step');
    // A final refusal from `open` (nothing held) or `reserving` (nothing reserved: the catalog said no).
    const refuse = async (from: CheckoutRecord, error: ApiError): Promise<Pass> => {
      const transition = { from: [from.state], to: 'failed' as const, error: toStored(error) };
      const result = await this.records.transition(from, transition, requestId);
      return result.changed
        ? { done: { ok: false, checkoutId, error, replayed: false } }
        : { next: result.record };
    };

    // 1. The cart and 2. current prices and stock, live. Nothing is held yet: an outage just propagates.
    const cart = await this.cart.cartForCheckout(userId, requestId);
    if (cart.lines.length === 0) {
      step('read-cart', 'empty');
      return refuse(record, new ApiError(409, 'CART_EMPTY', 'The cart is empty'));
    }
    const priced = await this.priceLines(cart.lines, requestId);
    if ('short' in priced) {
      step('check-stock', 'insufficient-stock');
      return refuse(record, insufficientStock(priced.short));
    }
    step('check-stock', 'ok');

    // 3. Written before the step: from here a reservation may exist.
    const reserving = await this.records.transition(
      record,
      { from: ['open'], to: 'reserving', lines: priced.lines, cartVersion: cart.version },
      requestId,
    );
    if (!reserving.changed) return { next: reserving.record };
    record = reserving.record;
    const lines = priced.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    try {
      const reserved = await this.catalog.reserveStock(checkoutId, lines, requestId);
      if (reserved.kind !== 'reserved') {
        step('reserve-stock', reserved.kind);
        return refuse(
          record,
          reserved.kind === 'insufficient' ? insufficientStock(reserved.lines) : reserved.error,
        );
      }
    } catch (error) {
      step('reserve-stock', 'failed');
      // Certainly not sent (breaker open, refused): nothing was reserved. Otherwise it may have been: release.
      if (error instanceof UpstreamUnavailableError && error.certainlyNotSent) {
        await this.reopenUnreserved(record, requestId, log);
      } else {
        await this.undoQuietly(record, { to: 'open' }, requestId, log);
      }
      throw error;
    }
    step('reserve-stock', 'ok');

    // 4. The order, the emptied cart and the record set `ordered`, in one cart-service transaction.
    const order: NewOrder = {
      checkoutId,
      lines: priced.lines,
      shippingAddress: input.shippingAddress,
      expectedCartVersion: cart.version,
    };
    let created: Awaited<ReturnType<CartClient['createOrder']>>;
    try {
      created = await this.cart.createOrder(userId, order, requestId);
    } catch (error) {
      step('create-order', error instanceof UpstreamUnavailableError ? error.reason : 'failed');
      // Unknown outcome: the compare-and-set to `releasing` decides it. Lost to the order? Then it exists.
      const after = await this.undoQuietly(record, { to: 'open' }, requestId, log);
      if (after?.state === 'ordered') return { next: after };
      throw error;
    }
    if (created.kind === 'rejected') {
      step('create-order', created.error.code);
      // Another attempt moved the record (or it vanished): look again instead of deciding here.
      if (created.error.code === 'CHECKOUT_NOT_RESERVING') {
        return { next: await this.records.open(userId, checkoutId, input.shippingAddress, requestId) };
      }
      const end = { to: 'failed' as const, error: toStored(created.error) };
      const after = await this.settler.undo(record, end, requestId);
      if (after.state === 'ordered') return { next: after };
      return { done: { ok: false, checkoutId, error: created.error, replayed: false } };
    }
    step('create-order', 'ok');
    this.cart.forgetCart(userId, requestId);

    // 5. Commit the reservation; if that cannot be done now, the recovery (or a retry) finishes it.
    try {
      await this.settler.finish({ ...record, state: 'ordered', orderId: created.order.id }, requestId);
    } catch (error) {
      if (!(error instanceof UpstreamUnavailableError)) throw error;
      log.warn({ checkoutId, reason: error.reason }, 'checkout placed; commit left to recovery');
    }
    return { done: { ok: true, checkoutId, order: created.order, replayed: false } };
  }

  /**
   * The choreographed checkout (issue 13): nothing to orchestrate. The cart service places a pending order and
   * publishes `OrderPlaced` in one transaction; the catalog reacts to that event, the cart to the catalog's, and
   * the order becomes confirmed or rejected without this BFF (or any other caller) in the loop.
   */
  private async placePending(input: CheckoutInput, log: FastifyBaseLogger): Promise<Pass> {
    const { checkoutId, userId, requestId } = input;
    const placed = await this.cart.placePendingOrder(userId, checkoutId, requestId);
    if (placed.kind === 'created') {
      log.info({ checkoutId, step: 'place-pending-order', outcome: 'ok' }, 'checkout step');
      this.cart.forgetCart(userId, requestId);
      return { done: { ok: true, checkoutId, order: placed.order, replayed: false } };
    }
    log.info({ checkoutId, step: 'place-pending-order', outcome: placed.error.code }, 'checkout step');
    // The record moved meanwhile (another attempt placed it, or it failed): look at it again.
    if (placed.error.code === 'CHECKOUT_NOT_OPEN' || placed.error.code === 'CART_EMPTY') {
      return { next: await this.records.open(userId, checkoutId, input.shippingAddress, requestId) };
    }
    return { done: { ok: false, checkoutId, error: placed.error, replayed: false } };
  }

  /** Prices every line live; the lines the catalog cannot supply in the quantity asked, if any. */
  private async priceLines(
    cartLines: Array<{ productId: number; quantity: number }>,
    requestId: string,
  ): Promise<{ lines: NewOrder['lines'] } | { short: ShortLine[] }> {
    const lines: NewOrder['lines'] = [];
    const short: ShortLine[] = [];
    for (const line of cartLines) {
      const read = await this.catalog.pricedProduct(line.productId, requestId);
      const available = read.found ? read.product.stock : 0;
      if (!read.found || available < line.quantity) {
        short.push({ productId: line.productId, requested: line.quantity, available });
        continue;
      }
      const { name, priceCents, currency } = read.product;
      lines.push({
        productId: line.productId,
        name,
        unitPriceCents: priceCents,
        currency,
        quantity: line.quantity,
      });
    }
    return short.length > 0 ? { short } : { lines };
  }

  /** Undo now if the services answer; otherwise leave it to a retry or the recovery (the record says what is held). */
  private async undoQuietly(
    record: CheckoutRecord,
    end: { to: 'open' },
    requestId: string,
    log: FastifyBaseLogger,
  ): Promise<CheckoutRecord | null> {
    try {
      return await this.settler.undo(record, end, requestId);
    } catch (error) {
      if (!(error instanceof UpstreamUnavailableError)) throw error;
      log.warn({ checkoutId: record.id, reason: error.reason }, 'checkout undo left to recovery');
      return null;
    }
  }

  /**
   * Back to `open` when the reservation certainly never reached the catalog: through `releasing` (the only way out
   * of `reserving`; it also bars an order) but without asking the catalog to release what it never took.
   */
  private async reopenUnreserved(
    record: CheckoutRecord,
    requestId: string,
    log: FastifyBaseLogger,
  ): Promise<void> {
    try {
      const releasing = await this.records.transition(
        record,
        { from: ['reserving'], to: 'releasing' },
        requestId,
      );
      if (!releasing.changed) return;
      await this.records.transition(releasing.record, { from: ['releasing'], to: 'open' }, requestId);
    } catch (error) {
      if (!(error instanceof UpstreamUnavailableError)) throw error;
      log.warn({ checkoutId: record.id, reason: error.reason }, 'checkout undo left to recovery');
    }
  }

  private async orderOf(record: CheckoutRecord, requestId: string): Promise<Order> {
    const found = await this.cart.findOrderByCheckout(record.userId, record.id, requestId);
    if (found.kind === 'found') return found.order;
    throw new ApiError(503, 'UPSTREAM_UNAVAILABLE', 'The order cannot be read right now', {
      headers: { 'Retry-After': '1' },
    });
  }
}

interface ShortLine {
  productId: number;
  requested: number;
  available: number;
}

function insufficientStock(lines: unknown[]): ApiError {
  return new ApiError(409, 'INSUFFICIENT_STOCK', 'Some products are not available in the quantity asked', {
    details: { lines },
  });
}

/** A refusal as the record stores it (only 4xx are final; anything else is a bug). */
function toStored(error: ApiError): StoredError {
  if (!isApiError(error) || error.statusCode >= 500) throw error;
  return {
    status: error.statusCode,
    code: error.code,
    message: error.message,
    details: { ...error.details },
  };
}

function storedError(record: CheckoutRecord): StoredError {
  return record.error ?? { status: 409, code: 'CHECKOUT_FAILED', message: 'This checkout failed' };
}
