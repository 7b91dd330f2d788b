// The catalog's domain events: each reservation change and its event commit together; GET /events pages them.
import type { DomainEvent, FeedPage } from '@storefront/service-kit/sqlite';
import { json, signed, type TestApp } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeClock, startCatalog } from '../testing/catalog-app.js';

const TTL = 5_000;
const clock = fakeClock();
let started: TestApp;
beforeEach(async () => {
  clock.set('2030-01-01T00:00:00.000Z');
  started = await startCatalog({ reservationTtlMs: TTL, clock: clock.now });
});
afterEach(async () => {
  await started.close();
});

function reserve(reservationId: string) {
  return started.app.inject({
    ...signed({ method: 'POST', url: '/stock/reservations' }),
    payload: { reservationId, lines: [{ productId: 1, quantity: 1 }] },
  });
}

function send(method: 'DELETE' | 'POST', url: string) {
  return started.app.inject(signed({ method, url }));
}

async function feed(query = ''): Promise<FeedPage> {
  const response = await started.app.inject({ url: `/events${query}` });
  expect(response.statusCode).toBe(200);
  return json<FeedPage>(response);
}

const summary = (events: DomainEvent[]) =>
  events.map((event) => [event.type, event.correlationId, event.data]);

describe('catalog domain events', () => {
  it('publishes StockReserved, StockReleased (compensated, expired) and StockCommitted keyed by the reservation', async () => {
    const line = [{ productId: 1, quantity: 1 }];
    expect((await reserve('checkout-1')).statusCode).toBe(201);
    expect((await reserve('checkout-1')).statusCode).toBe(200); // a retry: no second event
    expect((await send('DELETE', '/stock/reservations/checkout-1')).statusCode).toBe(204);
    expect((await send('DELETE', '/stock/reservations/checkout-1')).statusCode).toBe(204); // idempotent: no event
    await reserve('checkout-2');
    expect((await send('POST', '/stock/reservations/checkout-2/commit')).statusCode).toBe(200);
    await send('POST', '/stock/reservations/checkout-2/commit'); // replayed: no event
    await reserve('checkout-3');
    clock.advance(TTL);
    started.app.reservations.sweepExpired();
    expect(summary((await feed()).events)).toEqual([
      ['StockReserved', 'checkout-1', { reservationId: 'checkout-1', lines: line }],
      ['StockReleased', 'checkout-1', { reservationId: 'checkout-1', lines: line, reason: 'compensated' }],
      ['StockReserved', 'checkout-2', { reservationId: 'checkout-2', lines: line }],
      ['StockCommitted', 'checkout-2', { reservationId: 'checkout-2', retaken: false }],
      ['StockReserved', 'checkout-3', { reservationId: 'checkout-3', lines: line }],
      ['StockReleased', 'checkout-3', { reservationId: 'checkout-3', lines: line, reason: 'expired' }],
    ]);
    expect((await feed()).events[5]?.occurredAt).toBe('2030-01-01T00:00:05.000Z');
  });

  it('publishes nothing for a refused reservation', async () => {
    started.app.db.sqlite.prepare('UPDATE products SET stock = 0 WHERE id = 1').run();
    expect((await reserve('sold-out-1')).statusCode).toBe(409);
    expect((await feed()).events).toEqual([]);
  });

  it('pages the feed in order with after and limit, and refuses bad parameters with INVALID_REQUEST', async () => {
    for (const id of ['checkout-a', 'checkout-b', 'checkout-c']) await reserve(id);
    const first = await feed('?limit=2');
    expect(first.events.map((event) => event.correlationId)).toEqual(['checkout-a', 'checkout-b']);
    const second = await feed(`?after=${first.next}&limit=2`);
    expect(second.events.map((event) => event.correlationId)).toEqual(['checkout-c']);
    expect(await feed(`?after=${second.next}`)).toEqual({ events: [], head: second.next, next: second.next });
    for (const query of ['?after=x', '?after=-3', '?limit=0', '?limit=501', '?from=1']) {
      const response = await started.app.inject({ url: `/events${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(json<{ error: { code: string } }>(response).error.code, query).toBe('INVALID_REQUEST');
    }
  });
});
