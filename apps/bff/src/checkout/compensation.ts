// Giving the stock of a failed checkout back (step 5 of the saga), now or in the background (decision 004).
import type { FastifyBaseLogger } from 'fastify';
import type { CartClient } from '../clients/cart-client.js';
import type { CatalogClient } from '../clients/catalog-client.js';
import { UpstreamUnavailableError } from '../upstream/upstream.js';

export interface CompensationOptions {
  /** Delay between background attempts (default 2000 ms). */
  retryDelayMs?: number;
  /** Background attempts before giving up (default 10). */
  retryAttempts?: number;
}

/** One job: release a reservation, after making sure no order was created for it. */
export interface CompensationJob {
  checkoutId: string;
  userId: number;
  requestId: string;
  /** When step 4's outcome is unknown, the order may exist: look it up before releasing the stock. */
  checkOrderFirst: boolean;
}

/**
 * Releases reservations of failed checkouts. A release that cannot be done now is retried in the background
 * (timers unref'd, cleared on close); with `checkOrderFirst` the order is looked up first and the stock is
 * released only after a definite 404, since releasing the stock of a placed order would oversell.
 */
export class Compensator {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly retryDelayMs: number;
  private readonly retryAttempts: number;
  private closed = false;

  constructor(
    private readonly cart: CartClient,
    private readonly catalog: CatalogClient,
    private readonly log: FastifyBaseLogger,
    options: CompensationOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 2000;
    this.retryAttempts = options.retryAttempts ?? 10;
  }

  /** Number of compensations waiting for a background attempt. */
  get pending(): number {
    return this.timers.size;
  }

  /** Stops the background retries (BFF shutdown; what is left is reported by the catalog). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Releases the reservation now, or schedules background attempts; returns what happened. */
  async compensate(job: CompensationJob, log: FastifyBaseLogger): Promise<'done' | 'pending'> {
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

  private async release(job: CompensationJob): Promise<boolean> {
    try {
      return await this.catalog.releaseReservation(job.checkoutId, job.requestId);
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) return false;
      throw error;
    }
  }

  private schedule(job: CompensationJob, attempt: number): void {
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

  private async retry(job: CompensationJob, attempt: number): Promise<void> {
    const fields = { checkoutId: job.checkoutId, attempt };
    if (job.checkOrderFirst) {
      const found = await this.cart.findOrderByCheckout(job.userId, job.checkoutId, job.requestId);
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
