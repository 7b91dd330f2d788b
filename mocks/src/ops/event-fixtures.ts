// The events view's mocked answers (`GET /api/ops/events`): one orchestrated checkout's chain across the catalog and
// the cart, a choreographed one whose events the other service consumed, a sign-up beside them, and a second
// checkout still reserving; the two consumers (catalog.orders, cart.stock). The scenario decides which answer.
import type {
  EventService,
  OpsConsumedBy,
  OpsConsumer,
  OpsConsumerService,
  OpsEvent,
  OpsEventSource,
  OpsEventsAnswer,
} from '@storefront/contract/browser';
import type { ScenarioName } from '../scenario-name';

/** The flow the seeded chain belongs to (the console's tests click it). */
export const SEED_CHECKOUT_ID = '6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41';
/** A choreographed flow: each step consumed by the other service's consumer. */
export const CHOREOGRAPHED_CHECKOUT_ID = 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f';
const SECOND_CHECKOUT_ID = 'a83b41d2-5e6f-4c70-8d19-2b3c4d5e6f70';

type Consumption = readonly [consumer: 'catalog.orders' | 'cart.stock', afterMs: number];

// [service, type, correlation id, ms before now, causing event's index or null, consumed by whom how much later]
const SEED: ReadonlyArray<
  readonly [EventService, string, string, number, number | null, Consumption | null]
> = [
  ['account', 'UserRegistered', '42', 65_000, null, null],
  ['catalog', 'StockReserved', SEED_CHECKOUT_ID, 30_000, null, null],
  ['cart', 'OrderPlaced', SEED_CHECKOUT_ID, 29_400, null, null],
  ['cart', 'CartCheckedOut', SEED_CHECKOUT_ID, 29_400, 2, null],
  ['catalog', 'StockCommitted', SEED_CHECKOUT_ID, 29_100, 1, null],
  ['cart', 'OrderPlaced', CHOREOGRAPHED_CHECKOUT_ID, 12_000, null, ['catalog.orders', 300]],
  ['catalog', 'StockReserved', CHOREOGRAPHED_CHECKOUT_ID, 11_700, 5, ['cart.stock', 250]],
  ['cart', 'OrderConfirmed', CHOREOGRAPHED_CHECKOUT_ID, 11_450, 6, ['catalog.orders', 280]],
  ['catalog', 'StockCommitted', CHOREOGRAPHED_CHECKOUT_ID, 11_170, 7, null],
  ['catalog', 'StockReserved', SECOND_CHECKOUT_ID, 4_000, null, null],
];

/** Where each consumer runs. */
const CONSUMER_SERVICE = { 'catalog.orders': 'catalog', 'cart.stock': 'cart' } as const;

/** The seeded events, oldest first, their times relative to `now`. */
export function seedEvents(now = Date.now()): OpsEvent[] {
  const positions: Record<EventService, number> = { catalog: 0, cart: 0, account: 0 };
  const events: OpsEvent[] = [];
  for (const [index, [service, type, correlationId, ago, cause, consumed]] of SEED.entries()) {
    positions[service] += 1;
    const consumedBy: OpsConsumedBy[] = consumed
      ? [
          {
            consumer: consumed[0],
            service: CONSUMER_SERVICE[consumed[0]],
            at: new Date(now - ago + consumed[1]).toISOString(),
          },
        ]
      : [];
    events.push({
      id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
      service,
      type,
      version: 1,
      occurredAt: new Date(now - ago).toISOString(),
      correlationId,
      causationId: cause === null ? null : (events[cause]?.id ?? null),
      position: positions[service],
      consumedBy,
    });
  }
  return events;
}

// degraded: the cart's feed does not answer (its events read earlier stay); unavailable: none answers.
const DOWN: Record<ScenarioName, readonly EventService[]> = {
  normal: [],
  degraded: ['cart'],
  unavailable: ['catalog', 'cart', 'account'],
};

/**
 * The consumers as the view last read them: caught up when all is well; degraded (the cart down): the catalog's
 * consumer cannot reach the cart's feed, and the cart's, last seen, was retrying an event.
 */
export function seedConsumers(scenario: ScenarioName, now = Date.now()): OpsConsumer[] {
  if (scenario === 'unavailable') return [];
  const ago = (ms: number) => new Date(now - ms).toISOString();
  const degraded = scenario === 'degraded';
  return [
    {
      service: 'catalog',
      consumer: 'catalog.orders',
      source: 'cart',
      transport: 'feed',
      running: true,
      position: 4,
      head: 4,
      lag: 0,
      lagMs: 0,
      lastContactAt: ago(degraded ? 9_000 : 200),
      transportError: degraded ? 'cart-service feed: HTTP 503' : null,
      handled: 2,
      failing: [],
    },
    {
      service: 'cart',
      consumer: 'cart.stock',
      source: 'catalog',
      transport: 'feed',
      running: true,
      position: degraded ? 4 : 5,
      head: 5,
      lag: degraded ? 1 : 0,
      lagMs: degraded ? 4_000 : 0,
      lastContactAt: ago(degraded ? 3_000 : 200),
      transportError: null,
      handled: 1,
      failing: degraded
        ? [
            {
              eventId: '00000000-0000-4000-8000-000000000010',
              type: 'StockReserved',
              correlationId: SECOND_CHECKOUT_ID,
              attempts: 3,
              lastError: 'SQLITE_BUSY: database is locked',
              nextAttemptAt: ago(-1_000),
            },
          ]
        : [],
    },
  ];
}

/** The answer for one scenario and query (without `meta`). */
export function eventsAnswer(
  scenario: ScenarioName,
  query: { correlationId?: string | null; limit?: number },
): Omit<OpsEventsAnswer, 'meta'> {
  const all = scenario === 'unavailable' ? [] : seedEvents();
  const services: OpsEventSource[] = (['catalog', 'cart', 'account'] as const).map((service) => ({
    service,
    available: !DOWN[scenario].includes(service),
    next: all.filter((event) => event.service === service).length,
  }));
  const consumerServices: OpsConsumerService[] = services.map(({ service, available }) => ({
    service,
    available,
  }));
  const matching = query.correlationId ? all.filter((e) => e.correlationId === query.correlationId) : all;
  return {
    events: matching.slice(-(query.limit ?? 50)),
    services,
    consumers: seedConsumers(scenario),
    consumerServices,
  };
}
