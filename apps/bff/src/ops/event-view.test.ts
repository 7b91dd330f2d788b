import type { EventService } from '@storefront/contract';
import { describe, expect, it, vi } from 'vitest';
import type { ReportedConsumer } from '../clients/consumer-status.js';
import type { EventPage, FeedEvent } from '../clients/event-page.js';
import type { ConsumerStatusReader } from './consumer-board.js';
import { type EventFeedReader, EventView, type EventViewOptions, parseEventCursor } from './event-view.js';

/**
 * A service in memory: its feed with the service's paging rules, and its consumers as `GET /events/consumers`
 * reports them; `fail` makes every feed read throw, `consumersFail` every status read.
 */
class MemoryFeed implements EventFeedReader, ConsumerStatusReader {
  readonly stored: FeedEvent[] = [];
  readonly reads: Array<{ after: number; limit: number }> = [];
  reported: ReportedConsumer[] = [];
  statusReads = 0;
  fail = false;
  consumersFail = false;

  publish(type: string, correlationId: string, occurredAt: string): void {
    const position = this.stored.length + 1;
    this.stored.push({
      id: `${type}-${position}`,
      type,
      version: 1,
      occurredAt,
      correlationId,
      causationId: null,
      position,
    });
  }

  async events(after: number, limit: number): Promise<EventPage> {
    this.reads.push({ after, limit });
    if (this.fail) throw new Error('down');
    const events = this.stored.filter((event) => event.position > after).slice(0, limit);
    return { events, next: events.at(-1)?.position ?? after };
  }

  async consumers(): Promise<ReportedConsumer[]> {
    this.statusReads += 1;
    if (this.consumersFail) throw new Error('no status');
    return this.reported;
  }
}

function feeds(): Record<EventService, MemoryFeed> {
  return { catalog: new MemoryFeed(), cart: new MemoryFeed(), account: new MemoryFeed() };
}

/** The view over the services `f`, their feeds and consumers. */
function viewOf(f: Record<EventService, MemoryFeed>, options: Partial<EventViewOptions> = {}): EventView {
  return new EventView({ feeds: f, consumers: f, ...options });
}

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

describe('the events view', () => {
  it('merges the three feeds by time, oldest first, the newest `limit` of them, each with its service', async () => {
    const f = feeds();
    f.account.publish('UserRegistered', 'u-1', at(1));
    f.catalog.publish('StockReserved', 'c-1', at(2));
    f.cart.publish('OrderPlaced', 'c-1', at(3));
    f.cart.publish('CartCheckedOut', 'c-1', at(3));
    f.catalog.publish('StockCommitted', 'c-1', at(4));
    const view = viewOf(f);

    const all = await view.read({ limit: 50 }, 'r1');
    expect(all.events.map((e) => `${e.service}:${e.type}`)).toEqual([
      'account:UserRegistered',
      'catalog:StockReserved',
      'cart:OrderPlaced',
      'cart:CartCheckedOut',
      'catalog:StockCommitted',
    ]);
    expect(all.services).toEqual([
      { service: 'catalog', available: true, next: 2 },
      { service: 'cart', available: true, next: 2 },
      { service: 'account', available: true, next: 1 },
    ]);
    const newest = await view.read({ limit: 2 }, 'r2');
    expect(newest.events.map((e) => e.type)).toEqual(['CartCheckedOut', 'StockCommitted']);
  });

  it('filters one flow by correlation id and only events after a per-service cursor', async () => {
    const f = feeds();
    f.catalog.publish('StockReserved', 'c-1', at(1));
    f.catalog.publish('StockReserved', 'c-2', at(2));
    f.cart.publish('OrderPlaced', 'c-1', at(3));
    f.catalog.publish('StockCommitted', 'c-1', at(4));
    const view = viewOf(f);

    const chain = await view.read({ correlationId: 'c-1', limit: 50 }, 'r1');
    expect(chain.events.map((e) => e.type)).toEqual(['StockReserved', 'OrderPlaced', 'StockCommitted']);
    const newer = await view.read({ after: { catalog: 2, cart: 1 }, limit: 50 }, 'r2');
    expect(newer.events.map((e) => e.id)).toEqual(['StockCommitted-3']);
  });

  it('shows a failing feed as unavailable, keeps what it read before, and says so once per outage', async () => {
    const f = feeds();
    f.cart.publish('OrderPlaced', 'c-1', at(1));
    f.catalog.publish('StockReserved', 'c-1', at(0));
    const onFailure = vi.fn();
    const view = viewOf(f, { onFailure });
    await view.read({ limit: 50 }, 'r1');

    f.cart.fail = true;
    f.catalog.publish('StockCommitted', 'c-1', at(2));
    const first = await view.read({ limit: 50 }, 'r2');
    await view.read({ limit: 50 }, 'r3');
    expect(first.events.map((e) => e.type)).toEqual(['StockReserved', 'OrderPlaced', 'StockCommitted']);
    expect(first.services.find((s) => s.service === 'cart')).toEqual({
      service: 'cart',
      available: false,
      next: 1,
    });
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure).toHaveBeenCalledWith('cart', expect.any(Error), 'feed');

    f.cart.fail = false;
    const back = await view.read({ limit: 50 }, 'r4');
    expect(back.services.every((s) => s.available)).toBe(true);
  });

  it('catches a long feed up a few pages per read and keeps only the last `retain` events', async () => {
    const f = feeds();
    for (let i = 1; i <= 25; i++) f.catalog.publish('StockReserved', `c-${i}`, at(i));
    const view = viewOf(f, { pageSize: 5, maxPages: 2, retain: 8 });

    const first = await view.read({ limit: 50 }, 'r1');
    expect(first.events.map((e) => e.position)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.services[0]).toEqual({ service: 'catalog', available: true, next: 10 });
    await view.read({ limit: 50 }, 'r2');
    const third = await view.read({ limit: 50 }, 'r3');
    expect(third.events.map((e) => e.position)).toEqual([18, 19, 20, 21, 22, 23, 24, 25]);
  });

  it('shares one read of the feeds between reads that arrive together', async () => {
    const f = feeds();
    const view = viewOf(f);
    await Promise.all([
      view.read({ limit: 5 }, 'a'),
      view.read({ limit: 5 }, 'b'),
      view.read({ limit: 5 }, 'c'),
    ]);
    expect(f.catalog.reads).toHaveLength(1);
    expect(f.account.reads).toHaveLength(1);
    expect(f.cart.statusReads).toBe(1);
  });
});

/** A consumer's report as its service would send it (after the client's checks). */
function reportOf(
  consumer: string,
  source: EventService,
  recent: ReportedConsumer['recent'],
): ReportedConsumer {
  return {
    consumer,
    source,
    transport: 'feed',
    running: true,
    position: recent.length,
    head: recent.length + 1,
    lag: 1,
    lagMs: 1200,
    lastContactAt: at(9),
    transportError: null,
    handled: recent.length,
    failing: [],
    recent,
  };
}

describe('the events view: consumers', () => {
  it('lists every service’s consumers and names on each event who consumed it, first first', async () => {
    const f = feeds();
    f.cart.publish('OrderPlaced', 'c-1', at(1));
    f.cart.publish('CartCheckedOut', 'c-1', at(1));
    f.catalog.publish('StockReserved', 'c-1', at(2));
    const [placed, checkedOut] = f.cart.stored;
    const [reserved] = f.catalog.stored;
    if (!placed || !checkedOut || !reserved) throw new Error('not published');
    f.catalog.reported = [reportOf('catalog.orders', 'cart', [{ eventId: placed.id, at: at(3) }])];
    f.cart.reported = [reportOf('cart.stock', 'catalog', [{ eventId: reserved.id, at: at(4) }])];
    const answer = await viewOf(f).read({ limit: 50 }, 'r1');

    expect(answer.consumers.map((c) => [c.service, c.consumer, c.source, c.lag, c.lagMs])).toEqual([
      ['catalog', 'catalog.orders', 'cart', 1, 1200],
      ['cart', 'cart.stock', 'catalog', 1, 1200],
    ]);
    expect(answer.consumers[0]).not.toHaveProperty('recent');
    expect(answer.consumerServices).toEqual([
      { service: 'catalog', available: true },
      { service: 'cart', available: true },
      { service: 'account', available: true },
    ]);
    expect(answer.events.map((e) => [e.type, e.consumedBy])).toEqual([
      ['OrderPlaced', [{ consumer: 'catalog.orders', service: 'catalog', at: at(3) }]],
      ['CartCheckedOut', []],
      ['StockReserved', [{ consumer: 'cart.stock', service: 'cart', at: at(4) }]],
    ]);
  });

  it('remembers who consumed an event after the consumer’s recent list moved on', async () => {
    const f = feeds();
    f.cart.publish('OrderPlaced', 'c-1', at(1));
    const [placed] = f.cart.stored;
    if (!placed) throw new Error('not published');
    const view = viewOf(f);
    f.catalog.reported = [reportOf('catalog.orders', 'cart', [{ eventId: placed.id, at: at(2) }])];
    await view.read({ limit: 50 }, 'r1');
    f.catalog.reported = [reportOf('catalog.orders', 'cart', [])];
    const later = await view.read({ limit: 50 }, 'r2');
    expect(later.events[0]?.consumedBy).toEqual([
      { consumer: 'catalog.orders', service: 'catalog', at: at(2) },
    ]);
  });

  it('shows a service whose consumers do not answer as unavailable, keeping them as last seen', async () => {
    const f = feeds();
    f.cart.publish('OrderPlaced', 'c-1', at(1));
    f.catalog.reported = [reportOf('catalog.orders', 'cart', [])];
    const onFailure = vi.fn();
    const view = viewOf(f, { onFailure });
    await view.read({ limit: 50 }, 'r1');

    f.catalog.consumersFail = true;
    const answer = await view.read({ limit: 50 }, 'r2');
    await view.read({ limit: 50 }, 'r3');
    expect(answer.consumerServices[0]).toEqual({ service: 'catalog', available: false });
    expect(answer.services[0]).toEqual({ service: 'catalog', available: true, next: 0 });
    expect(answer.consumers.map((c) => c.consumer)).toEqual(['catalog.orders']);
    expect(answer.events.map((e) => e.type)).toEqual(['OrderPlaced']);
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure).toHaveBeenCalledWith('catalog', expect.any(Error), 'consumers');
  });
});

describe('parseEventCursor', () => {
  it('reads a position per named service', () => {
    expect(parseEventCursor('catalog:12,cart:4,account:3')).toEqual({ catalog: 12, cart: 4, account: 3 });
    expect(parseEventCursor('cart:7')).toEqual({ cart: 7 });
  });
});
