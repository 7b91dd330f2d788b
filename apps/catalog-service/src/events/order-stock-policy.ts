// The catalog's half of the choreographed checkout (issue 13, docs/domain.md "Policies"): when a pending order is
// placed, reserve its stock (StockReserved) or say it cannot (StockReservationFailed); when the order is
// confirmed, commit the stock for good (StockCommitted). Each in the consumer's transaction, which records the
// event id: a redelivered event changes nothing.
import { domainEvent } from '@storefront/contract/domain-events';
import type { EventSubscription } from '@storefront/service-kit/events';
import { appendEvents, type DomainEvent } from '@storefront/service-kit/sqlite';
import type { FastifyBaseLogger } from 'fastify';
import type { ReservationLine, StockReservationsDb } from '../db/stock-reservations.js';

/** The versions of each handled event this code understands; a newer one waits (it is retried) until deployed. */
const KNOWN_VERSIONS: Readonly<Record<string, readonly number[]>> = {
  OrderPlaced: [1, 2],
  OrderConfirmed: [1],
};

interface OrderFacts {
  orderId: number;
  checkoutId: string;
  /** `placed` for v1 events (the orchestrated checkout had reserved already). */
  status: string;
  lines: ReservationLine[];
}

const isPositiveInteger = (value: unknown): value is number => Number.isInteger(value) && Number(value) > 0;

/** The facts of an OrderPlaced or OrderConfirmed this code can act on; throws (the event is retried) otherwise. */
function factsOf(event: DomainEvent): OrderFacts {
  if (!KNOWN_VERSIONS[event.type]?.includes(event.version)) {
    throw new Error(`${event.type} v${event.version} is not understood here`);
  }
  const data = (event.data ?? {}) as Record<string, unknown>;
  const lines = Array.isArray(data.lines) ? data.lines : [];
  const stockLines = lines.map((line: { productId?: unknown; quantity?: unknown }) => ({
    productId: line.productId,
    quantity: line.quantity,
  }));
  if (
    !isPositiveInteger(data.orderId) ||
    typeof data.checkoutId !== 'string' ||
    !stockLines.every((line) => isPositiveInteger(line.productId) && isPositiveInteger(line.quantity))
  ) {
    throw new Error(`${event.type} ${event.id} is malformed`);
  }
  return {
    orderId: data.orderId,
    checkoutId: data.checkoutId,
    status: typeof data.status === 'string' ? data.status : 'placed',
    lines: stockLines as ReservationLine[],
  };
}

/** `catalog.orders`: the cart's order events, taking and keeping stock for choreographed orders. */
export function orderStockSubscription(
  reservations: () => StockReservationsDb,
  log: FastifyBaseLogger,
): EventSubscription {
  return {
    consumer: 'catalog.orders',
    source: 'cart-service',
    types: ['OrderPlaced', 'OrderConfirmed'],
    handle(event) {
      const facts = factsOf(event);
      const stock = reservations();
      if (event.type === 'OrderConfirmed') {
        // Orchestrated orders are committed by the orchestrator; their confirmation never comes as an event.
        const committed = stock.commit(facts.checkoutId, stock.clock(), event.id);
        if (committed.kind === 'insufficient') {
          log.error({ checkoutId: facts.checkoutId, lines: committed.lines }, 'order without stock');
        }
        return;
      }
      // An orchestrated order's stock was reserved (and is being committed) by the orchestrator.
      if (facts.status !== 'pending') return;
      // The reservation id is the checkout id, as in the orchestrated flow: one id across both services.
      const reserved = stock.reserve(facts.checkoutId, facts.lines, stock.clock(), event.id);
      if (reserved.kind !== 'insufficient') return;
      const failed = domainEvent(
        'StockReservationFailed',
        { reservationId: facts.checkoutId, orderId: facts.orderId, lines: reserved.lines },
        facts.checkoutId,
        event.id,
      );
      appendEvents(stock.sqlite, [failed]);
      log.info({ checkoutId: facts.checkoutId, lines: reserved.lines }, 'stock reservation failed');
    },
  };
}
