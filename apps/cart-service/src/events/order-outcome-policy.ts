// The cart's half of the choreographed checkout (issue 13, docs/domain.md "Policies"): when the catalog reserved
// the stock of a pending order, confirm it; when it could not, reject it. Each in the consumer's transaction,
// which records the event id: a redelivered event changes nothing.
import { domainEvent } from '@storefront/contract/domain-events';
import type { EventSubscription } from '@storefront/service-kit/events';
import { appendEvents, type DomainEvent } from '@storefront/service-kit/sqlite';
import type { FastifyBaseLogger } from 'fastify';
import type { CartDb } from '../db/cart-db.js';

/** The versions of each handled event this code understands; a newer one waits (it is retried) until deployed. */
const KNOWN_VERSIONS: Readonly<Record<string, readonly number[]>> = {
  StockReserved: [1],
  StockReservationFailed: [1],
};

function reservationIdOf(event: DomainEvent): string {
  const known = KNOWN_VERSIONS[event.type];
  if (!known?.includes(event.version))
    throw new Error(`${event.type} v${event.version} is not understood here`);
  const data = event.data as { reservationId?: unknown } | null;
  if (typeof data?.reservationId !== 'string')
    throw new Error(`${event.type} ${event.id} has no reservationId`);
  return data.reservationId;
}

/** `cart.stock`: the catalog's stock events, deciding the cart's pending orders. */
export function orderOutcomeSubscription(db: () => CartDb, log: FastifyBaseLogger): EventSubscription {
  return {
    consumer: 'cart.stock',
    source: 'catalog-service',
    types: ['StockReserved', 'StockReservationFailed'],
    handle(event) {
      // The reservation id is the checkout id: it names the order (orchestrated reservations find none pending).
      const checkoutId = reservationIdOf(event);
      const cart = db();
      const order = cart.orders.byCheckout.get(checkoutId);
      if (order?.status !== 'pending') return;
      const at = new Date().toISOString();
      if (event.type === 'StockReserved') {
        cart.orders.decidePending(checkoutId, 'confirmed', null, at);
        appendEvents(cart.sqlite, [
          {
            ...domainEvent('OrderConfirmed', { orderId: order.id, checkoutId }, checkoutId, event.id),
            occurredAt: at,
          },
        ]);
        log.info({ orderId: order.id, checkoutId, eventId: event.id }, 'pending order confirmed');
        return;
      }
      const rejection = {
        code: 'INSUFFICIENT_STOCK',
        message: 'Some products were not available in the quantity ordered; nothing was charged.',
      };
      cart.orders.decidePending(checkoutId, 'rejected', rejection, at);
      appendEvents(cart.sqlite, [
        {
          ...domainEvent(
            'OrderRejected',
            { orderId: order.id, checkoutId, reason: rejection.code },
            checkoutId,
            event.id,
          ),
          occurredAt: at,
        },
      ]);
      log.info({ orderId: order.id, checkoutId, eventId: event.id }, 'pending order rejected');
    },
  };
}
