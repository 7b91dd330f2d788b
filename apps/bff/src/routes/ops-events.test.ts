import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../test-support/shopper-harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

/** One checkout's chain across two services, and a sign-up beside it. */
function publishCheckout(harness: Harness): void {
  harness.account.feed.publish('UserRegistered', 'user-7', { occurredAt: at(1) });
  const reserved = harness.catalog.feed.publish('StockReserved', 'chk-1', { occurredAt: at(2) });
  const placed = harness.cart.feed.publish('OrderPlaced', 'chk-1', { occurredAt: at(3) });
  harness.cart.feed.publish('CartCheckedOut', 'chk-1', { occurredAt: at(3), causationId: placed.id });
  harness.catalog.feed.publish('StockCommitted', 'chk-1', { occurredAt: at(4), causationId: reserved.id });
}

/** A consumer's status as service-kit's `GET /events/consumers` sends it. */
function statusOf(consumer: string, source: string, recent: Array<{ eventId: string; at: string }>) {
  return {
    consumer,
    source,
    transport: 'feed',
    running: true,
    position: 2,
    head: 3,
    lag: 1,
    lagMs: 2500,
    lastContactAt: at(9),
    transportError: null,
    handled: recent.length,
    recent: recent.map(({ eventId, at }, index) => ({
      eventId,
      type: 'OrderPlaced',
      correlationId: 'chk-1',
      position: index + 1,
      at,
    })),
    failing: [
      {
        eventId: 'e-9',
        type: 'OrderConfirmed',
        correlationId: 'chk-2',
        attempts: 3,
        lastError: 'SQLITE_BUSY',
        nextAttemptAt: at(10),
      },
    ],
  };
}

describe('GET /api/ops/events', () => {
  it('merges the three services’ feeds by time, each event with its service, every read signed', async () => {
    h = await startHarness();
    publishCheckout(h);

    const res = await h.app.inject({ method: 'GET', url: '/api/ops/events' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.events.map((e: { service: string; type: string }) => `${e.service} ${e.type}`)).toEqual([
      'account UserRegistered',
      'catalog StockReserved',
      'cart OrderPlaced',
      'cart CartCheckedOut',
      'catalog StockCommitted',
    ]);
    expect(body.events[0]).toEqual({
      id: expect.any(String),
      service: 'account',
      type: 'UserRegistered',
      version: 1,
      occurredAt: at(1),
      correlationId: 'user-7',
      causationId: null,
      position: 1,
      consumedBy: [],
    });
    expect(body.services).toEqual([
      { service: 'catalog', available: true, next: 2 },
      { service: 'cart', available: true, next: 2 },
      { service: 'account', available: true, next: 1 },
    ]);
    expect(body.meta.requestId).toEqual(expect.any(String));
    // Cart and account serve their feed to the BFF alone: the fakes refuse an unsigned read.
    expect(h.cart.credentials.refused).toEqual([]);
    expect(h.account.credentials.refused).toEqual([]);
  });

  it('answers one flow’s chain by correlation id, and only events after a cursor', async () => {
    h = await startHarness();
    publishCheckout(h);

    const chain = await h.app.inject({ method: 'GET', url: '/api/ops/events?correlationId=chk-1&limit=3' });
    expect(chain.json().events.map((e: { type: string }) => e.type)).toEqual([
      'OrderPlaced',
      'CartCheckedOut',
      'StockCommitted',
    ]);
    const newer = await h.app.inject({
      method: 'GET',
      url: '/api/ops/events?after=catalog:1,cart:2,account:1',
    });
    expect(newer.json().events.map((e: { type: string }) => e.type)).toEqual(['StockCommitted']);
  });

  it('shows a service whose feed fails as unavailable and still answers the others', async () => {
    h = await startHarness();
    publishCheckout(h);
    h.cart.mode = 'fail';

    const res = await h.app.inject({ method: 'GET', url: '/api/ops/events' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.services).toContainEqual({ service: 'cart', available: false, next: 0 });
    expect(body.events.map((e: { service: string }) => e.service)).toEqual(['account', 'catalog', 'catalog']);
  });

  it('reads every service’s consumers beside the feeds and names who consumed each event, every read signed', async () => {
    h = await startHarness();
    const placed = h.cart.feed.publish('OrderPlaced', 'chk-1', { occurredAt: at(1) });
    h.catalog.feed.consumers = [
      statusOf('catalog.orders', 'cart-service', [{ eventId: placed.id, at: at(2) }]),
    ];

    const res = await h.app.inject({ method: 'GET', url: '/api/ops/events?correlationId=chk-1' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.events[0].consumedBy).toEqual([
      { consumer: 'catalog.orders', service: 'catalog', at: at(2) },
    ]);
    expect(body.consumers).toEqual([
      {
        service: 'catalog',
        consumer: 'catalog.orders',
        source: 'cart',
        transport: 'feed',
        running: true,
        position: 2,
        head: 3,
        lag: 1,
        lagMs: 2500,
        lastContactAt: at(9),
        transportError: null,
        handled: 1,
        failing: [
          {
            eventId: 'e-9',
            type: 'OrderConfirmed',
            correlationId: 'chk-2',
            attempts: 3,
            lastError: 'SQLITE_BUSY',
            nextAttemptAt: at(10),
          },
        ],
      },
    ]);
    expect(body.consumerServices).toEqual([
      { service: 'catalog', available: true },
      { service: 'cart', available: true },
      { service: 'account', available: true },
    ]);
    expect(h.cart.credentials.refused).toEqual([]);
    expect(h.account.credentials.refused).toEqual([]);
  });

  it('marks a service whose consumers do not answer, or answer in another shape, as unavailable', async () => {
    h = await startHarness();
    publishCheckout(h);
    h.cart.faults.set('GET /events/consumers', 'fail');
    h.account.feed.consumers = [{ consumer: 'account.x', source: 'billing-service' }];

    const res = await h.app.inject({ method: 'GET', url: '/api/ops/events' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.consumerServices).toEqual([
      { service: 'catalog', available: true },
      { service: 'cart', available: false },
      { service: 'account', available: false },
    ]);
    expect(body.services.every((s: { available: boolean }) => s.available)).toBe(true);
    expect(body.events).toHaveLength(5);
  });

  it('refuses a limit or a cursor out of bounds with INVALID_REQUEST', async () => {
    h = await startHarness();
    for (const query of ['limit=0', 'limit=201', 'after=orders:3', 'after=catalog:x', 'extra=1']) {
      const res = await h.app.inject({ method: 'GET', url: `/api/ops/events?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('INVALID_REQUEST');
    }
  });
});
