import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors.js';
import { userScope } from '../plugins/session.js';
import { clientErrorOf, invalidResponse, isRecord, type JsonObject } from '../routes/answers.js';
import { type Upstream, type UpstreamOutcome, UpstreamUnavailableError } from '../upstream/upstream.js';

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
  | { ok: true; checkoutId: string; order: JsonObject; recovered: boolean }
  | { ok: false; checkoutId: string; error: AppError; compensation: 'none' | 'done' | 'pending' };

export interface CheckoutInput {
  checkoutId: string;
  userId: number;
  shippingAddress: JsonObject | null;
  requestId: string;
}

export interface CompensationOptions {
  /** Delay between background attempts (default 2000 ms). */
  retryDelayMs?: number;
  /** Background attempts before giving up (default 10). */
  retryAttempts?: number;
}

interface CartLine {
  productId: number;
  quantity: number;
}

/** One background job: release a reservation, after making sure no order was created for it. */
interface PendingCompensation {
  checkoutId: string;
  userId: number;
  requestId: string;
  /** When step 4's outcome is unknown, the order may exist: look it up before releasing the stock. */
  checkOrderFirst: boolean;
}

/**
 * Orchestrates a checkout across cart and catalog (docs/cart-and-account.md, "Checkout"): read the cart,
 * re-check prices and stock, reserve the stock, create the order; on a failed or unknown step 4 look the
 * order up and otherwise release the reservation, retrying that release in the background when needed.
 */
export class CheckoutSaga {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly retryDelayMs: number;
  private readonly retryAttempts: number;
  private closed = false;

  constructor(
    private readonly cart: Upstream,
    private readonly catalog: Upstream,
    private readonly log: FastifyBaseLogger,
    options: CompensationOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 2000;
    this.retryAttempts = options.retryAttempts ?? 10;
  }

  /** Number of compensations waiting for a background attempt. */
  get pendingCompensations(): number {
    return this.timers.size;
  }

  /** Stops the background retries (BFF shutdown; what is left is reported by the catalog). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs one checkout; upstream outages become a failed result, never a thrown error. */
  async run(input: CheckoutInput, log: FastifyBaseLogger = this.log): Promise<CheckoutResult> {
    const { checkoutId } = input;
    const step = (name: CheckoutStep, outcome: string, extra: Record<string, unknown> = {}) =>
      log.info({ checkoutId, step: name, outcome, ...extra }, 'checkout step');
    const fail = (error: AppError, compensation: 'none' | 'done' | 'pending' = 'none'): CheckoutResult => ({
      ok: false,
      checkoutId,
      error,
      compensation,
    });
    const headers = { 'x-user-id': String(input.userId) };

    // 1. The cart, live.
    let cart: JsonObject;
    try {
      const outcome = await this.cart.request({
        path: '/cart',
        headers,
        savedCopy: 'none',
        requestId: input.requestId,
      });
      cart = this.cartOf(outcome);
    } catch (error) {
      step('read-cart', 'failed');
      return fail(asAppError(error));
    }
    const lines = cartLines(cart);
    if (lines.length === 0) {
      step('read-cart', 'empty');
      return fail(new AppError(409, 'CART_EMPTY', 'The cart is empty'));
    }
    step('read-cart', 'ok', { lineCount: lines.length });

    // 2. Current prices and stock, live.
    const orderLines: JsonObject[] = [];
    const short: JsonObject[] = [];
    try {
      for (const line of lines) {
        const outcome = await this.catalog.request({
          path: `/products/${line.productId}`,
          savedCopy: 'none',
          requestId: input.requestId,
        });
        if (outcome.response.status === 404) {
          short.push({ productId: line.productId, requested: line.quantity, available: 0 });
          continue;
        }
        if (outcome.response.status >= 400) throw clientErrorOf('catalog', outcome);
        const product = isRecord(outcome.response.json) ? outcome.response.json.product : undefined;
        if (
          !isRecord(product) ||
          !Number.isSafeInteger(product.stock) ||
          !Number.isSafeInteger(product.priceCents)
        ) {
          throw invalidResponse('catalog', 'product');
        }
        const stock = product.stock as number;
        if (stock < line.quantity) {
          short.push({ productId: line.productId, requested: line.quantity, available: stock });
          continue;
        }
        orderLines.push({
          productId: line.productId,
          name: product.name,
          unitPriceCents: product.priceCents,
          currency: product.currency,
          quantity: line.quantity,
        });
      }
    } catch (error) {
      step('check-stock', 'failed');
      return fail(asAppError(error));
    }
    if (short.length > 0) {
      step('check-stock', 'insufficient-stock');
      return fail(insufficientStock(short));
    }
    step('check-stock', 'ok');

    // 3. Reserve (idempotent on the checkout id).
    const reservationLines = orderLines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    try {
      const outcome = await this.catalog.request({
        method: 'POST',
        path: '/stock/reservations',
        body: { reservationId: checkoutId, lines: reservationLines },
        requestId: input.requestId,
      });
      if (outcome.response.status === 409) {
        step('reserve-stock', 'insufficient-stock');
        const json = outcome.response.json;
        const concerned =
          isRecord(json) && isRecord(json.error) && Array.isArray(json.error.lines) ? json.error.lines : [];
        return fail(insufficientStock(concerned as JsonObject[]));
      }
      if (outcome.response.status >= 400) {
        step('reserve-stock', 'rejected', { status: outcome.response.status });
        return fail(clientErrorOf('catalog', outcome));
      }
    } catch (error) {
      // A timeout may hide a reservation that was made: release it (idempotent, harmless when absent).
      step('reserve-stock', 'failed');
      const compensation = await this.compensate(
        { checkoutId, userId: input.userId, requestId: input.requestId, checkOrderFirst: false },
        log,
      );
      return fail(asAppError(error), compensation);
    }
    step('reserve-stock', 'ok');

    // 4. Order + empty cart in one cart-service transaction (idempotent on the checkout id).
    let step4Error: AppError;
    let definite = false;
    try {
      const outcome = await this.cart.request({
        method: 'POST',
        path: '/orders',
        headers,
        body: {
          checkoutId,
          lines: orderLines,
          shippingAddress: input.shippingAddress,
          expectedCartVersion: cart.version,
        },
        requestId: input.requestId,
      });
      if (outcome.response.status < 400) {
        const order = isRecord(outcome.response.json) ? outcome.response.json.order : undefined;
        if (!isRecord(order)) throw invalidResponse('cart', 'order');
        step('create-order', 'ok');
        this.forgetCart(input);
        return { ok: true, checkoutId, order, recovered: false };
      }
      // A 4xx (CART_CHANGED...) is a definite "no order".
      step4Error = clientErrorOf('cart', outcome);
      definite = true;
      step('create-order', 'rejected', { code: step4Error.code });
    } catch (error) {
      step4Error = asAppError(error);
      step('create-order', error instanceof UpstreamUnavailableError ? error.reason : 'failed');
    }

    // 5. Did the order get created anyway? Otherwise give the stock back.
    const found = await this.findOrder(checkoutId, headers, input.requestId);
    if (found.kind === 'found') {
      step('find-order', 'found');
      this.forgetCart(input);
      return { ok: true, checkoutId, order: found.order, recovered: true };
    }
    step('find-order', found.kind);
    const compensation = await this.compensate(
      {
        checkoutId,
        userId: input.userId,
        requestId: input.requestId,
        // Unknown lookup after an unknown step 4: the order may exist; decide later, in the background.
        checkOrderFirst: found.kind === 'unknown' && !definite,
      },
      log,
    );
    return fail(step4Error, compensation);
  }

  /** The saved copy of the cart is now wrong (it was emptied): never serve it. */
  private forgetCart(input: CheckoutInput): void {
    this.cart.forget({
      path: '/cart',
      savedCopy: { scope: userScope(input.userId) },
      requestId: input.requestId,
    });
  }

  private cartOf(outcome: UpstreamOutcome): JsonObject {
    if (outcome.response.status >= 400) throw clientErrorOf('cart', outcome);
    const json = outcome.response.json;
    if (!isRecord(json) || !isRecord(json.cart)) throw invalidResponse('cart', 'cart');
    return json.cart;
  }

  private async findOrder(
    checkoutId: string,
    headers: Record<string, string>,
    requestId: string,
  ): Promise<{ kind: 'found'; order: JsonObject } | { kind: 'not-found' } | { kind: 'unknown' }> {
    try {
      const outcome = await this.cart.request({
        path: `/orders/by-checkout/${encodeURIComponent(checkoutId)}`,
        headers,
        savedCopy: 'none',
        requestId,
      });
      if (outcome.response.status === 404) return { kind: 'not-found' };
      const order = isRecord(outcome.response.json) ? outcome.response.json.order : undefined;
      if (outcome.response.status < 400 && isRecord(order)) return { kind: 'found', order };
      return { kind: 'unknown' };
    } catch (error) {
      if (error instanceof UpstreamUnavailableError || error instanceof AppError) return { kind: 'unknown' };
      throw error;
    }
  }

  /** Releases the reservation now, or schedules background attempts; returns what happened. */
  private async compensate(job: PendingCompensation, log: FastifyBaseLogger): Promise<'done' | 'pending'> {
    if (!job.checkOrderFirst && (await this.release(job))) {
      log.info({ checkoutId: job.checkoutId, step: 'compensate', outcome: 'ok' }, 'checkout step');
      return 'done';
    }
    log.warn(
      {
        checkoutId: job.checkoutId,
        step: 'compensate',
        outcome: 'pending',
        checkOrderFirst: job.checkOrderFirst,
      },
      'compensation pending',
    );
    this.schedule(job, 1);
    return 'pending';
  }

  private async release(job: PendingCompensation): Promise<boolean> {
    try {
      const outcome = await this.catalog.request({
        method: 'DELETE',
        path: `/stock/reservations/${encodeURIComponent(job.checkoutId)}`,
        requestId: job.requestId,
      });
      // 204, or a 4xx: either way there is nothing more this process can do about it.
      return outcome.response.status < 500;
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) return false;
      throw error;
    }
  }

  private schedule(job: PendingCompensation, attempt: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.retry(job, attempt).catch((error: unknown) => {
        this.log.error({ err: error, checkoutId: job.checkoutId }, 'compensation failed');
      });
    }, this.retryDelayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async retry(job: PendingCompensation, attempt: number): Promise<void> {
    const fields = { checkoutId: job.checkoutId, attempt };
    if (job.checkOrderFirst) {
      const found = await this.findOrder(job.checkoutId, { 'x-user-id': String(job.userId) }, job.requestId);
      if (found.kind === 'found') {
        this.log.info({ ...fields, outcome: 'order-exists' }, 'compensation not needed');
        return;
      }
      if (found.kind === 'not-found') job.checkOrderFirst = false;
    }
    if (!job.checkOrderFirst && (await this.release(job))) {
      this.log.info({ ...fields, outcome: 'ok' }, 'compensation done');
      return;
    }
    if (attempt >= this.retryAttempts) {
      this.log.error({ ...fields, outcome: 'abandoned' }, 'compensation abandoned');
      return;
    }
    this.log.warn({ ...fields, outcome: 'pending' }, 'compensation pending');
    this.schedule(job, attempt + 1);
  }
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  throw error;
}

function insufficientStock(lines: JsonObject[]): AppError {
  return new AppError(409, 'INSUFFICIENT_STOCK', 'Some products are not available in the quantity asked', {
    details: { lines },
  });
}

function cartLines(cart: JsonObject): CartLine[] {
  if (!Array.isArray(cart.lines)) throw invalidResponse('cart', 'cart');
  return cart.lines.map((raw) => {
    if (!isRecord(raw) || !Number.isSafeInteger(raw.productId) || !Number.isSafeInteger(raw.quantity)) {
      throw invalidResponse('cart', 'cart line');
    }
    return { productId: raw.productId as number, quantity: raw.quantity as number };
  });
}
