// The events view's mocked answers (`GET /api/ops/events`): one checkout's chain across the catalog and the cart,
// a sign-up beside it, and a second checkout still reserving. The scenario decides which feeds answer.
import type { EventService, OpsEvent, OpsEventSource, OpsEventsAnswer } from '@storefront/contract/browser';
import type { ScenarioName } from '../scenario-name';

/** The flow the seeded chain belongs to (the console's tests click it). */
export const SEED_CHECKOUT_ID = '6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41';
const SECOND_CHECKOUT_ID = 'a83b41d2-5e6f-4c70-8d19-2b3c4d5e6f70';

// [service, type, correlation id, ms before now, causing event's index or null]
const SEED: ReadonlyArray<readonly [EventService, string, string, number, number | null]> = [
  ['account', 'UserRegistered', '42', 65_000, null],
  ['catalog', 'StockReserved', SEED_CHECKOUT_ID, 30_000, null],
  ['cart', 'OrderPlaced', SEED_CHECKOUT_ID, 29_400, null],
  ['cart', 'CartCheckedOut', SEED_CHECKOUT_ID, 29_400, 2],
  ['catalog', 'StockCommitted', SEED_CHECKOUT_ID, 29_100, 1],
  ['catalog', 'StockReserved', SECOND_CHECKOUT_ID, 4_000, null],
];

/** The seeded events, oldest first, their times relative to `now`. */
export function seedEvents(now = Date.now()): OpsEvent[] {
  const positions: Record<EventService, number> = { catalog: 0, cart: 0, account: 0 };
  const events: OpsEvent[] = [];
  for (const [index, [service, type, correlationId, ago, cause]] of SEED.entries()) {
    positions[service] += 1;
    events.push({
      id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
      service,
      type,
      version: 1,
      occurredAt: new Date(now - ago).toISOString(),
      correlationId,
      causationId: cause === null ? null : (events[cause]?.id ?? null),
      position: positions[service],
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
  const matching = query.correlationId ? all.filter((e) => e.correlationId === query.correlationId) : all;
  return { events: matching.slice(-(query.limit ?? 50)), services };
}
