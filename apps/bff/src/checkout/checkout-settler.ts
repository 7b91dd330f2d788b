// Bringing a checkout record to a state that holds nothing: used by the saga when it finds what an earlier attempt
// left (any replica, any crash) and by the recovery loop for checkouts nobody retries (decision 010).
import { isApiError } from '@storefront/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { CatalogClient } from '../clients/catalog-client.js';
import type {
  CheckoutRecord,
  CheckoutRecordsClient,
  CheckoutState,
  StoredError,
} from '../clients/checkout-records-client.js';

/** How an undone checkout ends: open again (a retry may run it), or failed with its final answer. */
export type UndoEnd = { to: 'open' } | { to: 'failed'; error: StoredError };

/** Whether a compare-and-set left the record in `to` (applied now, or by an earlier try of the same call). */
function reached(result: { record: CheckoutRecord; changed: boolean }, to: CheckoutState): boolean {
  return result.changed || result.record.state === to;
}

export class CheckoutSettler {
  constructor(
    private readonly records: CheckoutRecordsClient,
    private readonly catalog: CatalogClient,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** `ordered` → the reservation committed → `completed`. Throws when a service cannot be asked (retry later). */
  async finish(record: CheckoutRecord, requestId: string): Promise<CheckoutRecord> {
    try {
      await this.catalog.commitReservation(record.id, requestId);
    } catch (error) {
      if (!isClientError(error)) throw error;
      // The reservation expired and its stock was sold again: the order stands, the shortfall is logged.
      this.log.error({ checkoutId: record.id, err: error }, 'order without stock');
    }
    const result = await this.records.transition(record, { from: ['ordered'], to: 'completed' }, requestId);
    this.step(record.id, 'commit-stock', 'ok');
    return result.record;
  }

  /**
   * `reserving` or `releasing` → `releasing` (from then on no order can be created for it) → the reservation
   * released → `end`. When the order won the race, the record comes back `ordered` and nothing is released.
   * `staleAfterMs` leaves alone a checkout that is still moving (the recovery's case).
   */
  async undo(
    record: CheckoutRecord,
    end: UndoEnd,
    requestId: string,
    staleAfterMs?: number,
  ): Promise<CheckoutRecord> {
    let current = record;
    if (current.state === 'reserving') {
      const result = await this.records.transition(
        current,
        { from: ['reserving'], to: 'releasing', staleAfterMs },
        requestId,
      );
      current = result.record;
      if (!reached(result, 'releasing')) return current;
    }
    if (current.state !== 'releasing') return current;
    const released = await this.catalog.releaseReservation(current.id, requestId);
    if (released === 'committed') {
      // Only an order commits a reservation, and a releasing checkout never gets one: a bug, made loud.
      this.log.error({ checkoutId: current.id }, 'releasing checkout has a committed reservation');
    }
    this.step(current.id, 'release-stock', released);
    const result = await this.records.transition(current, { from: ['releasing'], ...end }, requestId);
    return result.record;
  }

  private step(checkoutId: string, step: string, outcome: string): void {
    this.log.info({ checkoutId, step, outcome }, 'checkout step');
  }
}

/** A service's 4xx (an ApiError below 500), as opposed to an outage. */
function isClientError(error: unknown): boolean {
  return isApiError(error) && error.statusCode < 500;
}
