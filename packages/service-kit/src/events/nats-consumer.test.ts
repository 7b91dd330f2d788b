// The consumer against a real nats-server: each event counts once however often it is delivered, a failing
// handler is retried in order, a restarted NATS is caught up with, and the lag is shown.
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../sqlite/outbox.js';
import { startNatsServer, type TestNatsServer } from '../testing/nats-server.js';
import { applyEvent } from './apply-event.js';
import { eventSubject, type NatsEventsConnection, openNatsConnection } from './nats-connection.js';
import { natsDurableName, startNatsConsumer } from './nats-consumer.js';
import { capturedLog, eventDatabase, eventually, testEvent } from './nats-test-support.js';
import type { EventSubscription, RunningConsumer } from './types.js';

let server: TestNatsServer;
let shared: NatsEventsConnection;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  server = await startNatsServer();
  shared = openNatsConnection({
    url: server.url,
    name: 'consumer-test',
    log: capturedLog().log,
    reconnectWaitMs: 200,
    timeoutMs: 1000,
  });
});
afterAll(async () => {
  await shared.close();
  await server.stop();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Publishes as the relay does, retrying while the shared connection is not back yet (after a restart). */
async function publish(source: string, event: DomainEvent, msgID = event.id): Promise<void> {
  const { js } = await shared.ready();
  await eventually(() => js.publish(eventSubject(source, event.type), JSON.stringify(event), { msgID }), {
    timeout: 8000,
  });
}

/** A subscription recording what it handled, on its own database. */
function subscribe(source: string, consumer: string, handle: (event: DomainEvent) => void = () => {}) {
  const sqlite = eventDatabase();
  cleanups.push(() => sqlite.close());
  const handled: string[] = [];
  const subscription: EventSubscription = {
    consumer,
    source,
    types: ['OrderPlaced', 'OrderPaid'],
    handle: (event) => {
      handle(event);
      handled.push(event.id);
    },
  };
  return { sqlite, subscription, handled };
}

function start(sqlite: Database.Database, subscription: EventSubscription, viaUrl = false): RunningConsumer {
  const { log } = capturedLog();
  const consumer = viaUrl
    ? startNatsConsumer({ sqlite, subscription, natsUrl: server.url, log, refreshMs: 100 })
    : startNatsConsumer({ sqlite, subscription, connection: shared, log, refreshMs: 100 });
  cleanups.push(() => consumer.stop());
  return consumer;
}

describe('startNatsConsumer', () => {
  it('names its durable without dots', () => {
    expect(natsDurableName('catalog.orders')).toBe('catalog_orders');
    expect(natsDurableName('a b.*>')).toBe('a_b___');
  });

  it('shows an idle consumer of a source that published nothing yet as caught up', async () => {
    const { sqlite, subscription } = subscribe('quiet-source', 'test.quiet');
    const consumer = start(sqlite, subscription);
    await eventually(() =>
      expect(consumer.status()).toMatchObject({
        position: 0,
        head: 0,
        lag: 0,
        lagMs: 0,
        transportError: null,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(consumer.status()).toMatchObject({ head: 0, transportError: null, running: true });
    expect(consumer.status().lastContactAt).not.toBeNull();
  });

  it('handles each event once: redelivered, published twice, or handled before a crash that lost the ack', async () => {
    const { sqlite, subscription, handled } = subscribe('once-source', 'test.once');
    const placed = testEvent('OrderPlaced');
    const paid = testEvent('OrderPaid');
    const other = testEvent('CartCreated');
    // Handled by an earlier run that died before its ack: JetStream delivers it again.
    applyEvent(sqlite, subscription, paid);
    await publish('once-source', placed, 'first-copy');
    await publish('once-source', placed, 'second-copy');
    await publish('once-source', paid);
    await publish('once-source', other);
    const consumer = start(sqlite, subscription, true);
    await eventually(() => expect(consumer.status()).toMatchObject({ lag: 0, position: 4, head: 4 }));
    expect(handled).toEqual([paid.id, placed.id]);
    expect(consumer.status()).toMatchObject({ consumer: 'test.once', transport: 'nats', failing: [] });
    expect(consumer.status().recent.map((r) => r.eventId)).toEqual([placed.id, placed.id, paid.id]);

    // Stopped and started again: the durable resumes after what was acknowledged.
    await consumer.stop();
    expect(consumer.status().running).toBe(false);
    const later = testEvent('OrderPlaced');
    await publish('once-source', later);
    const resumed = start(sqlite, subscription);
    await eventually(() => expect(handled).toEqual([paid.id, placed.id, later.id]));
    await eventually(() => expect(resumed.status()).toMatchObject({ position: 5, lag: 0 }));
  });

  it('retries a handler that throws, showing it as failing meanwhile, before any later event', async () => {
    let failures = 0;
    const { sqlite, subscription, handled } = subscribe('retry-source', 'test.retry', (event) => {
      if (event.type === 'OrderPlaced' && failures < 2) {
        failures += 1;
        throw new Error(`stock service busy (${failures})`);
      }
    });
    const placed = testEvent('OrderPlaced');
    const paid = testEvent('OrderPaid');
    const consumer = start(sqlite, subscription);
    await publish('retry-source', placed);
    await publish('retry-source', paid);
    await eventually(() =>
      expect(consumer.status().failing).toEqual([
        expect.objectContaining({ eventId: placed.id, attempts: 1, lastError: 'stock service busy (1)' }),
      ]),
    );
    expect(handled).toEqual([]);
    await eventually(() => expect(handled).toEqual([placed.id, paid.id]), { timeout: 3000 });
    expect(failures).toBe(2);
    await eventually(() => expect(consumer.status()).toMatchObject({ failing: [], lag: 0 }));
  });

  it('says NATS is gone while it is, and catches up once it restarts with its data', async () => {
    const { sqlite, subscription, handled } = subscribe('restart-source', 'test.restart');
    const consumer = start(sqlite, subscription);
    const first = testEvent('OrderPlaced');
    await publish('restart-source', first);
    await eventually(() => expect(handled).toEqual([first.id]));

    await server.kill();
    await eventually(() => expect(consumer.status().transportError).toMatch(/disconnected/));
    await server.start();
    const afterRestart = [testEvent('OrderPlaced'), testEvent('OrderPaid')];
    for (const event of afterRestart) await publish('restart-source', event);
    await eventually(() => expect(handled).toEqual([first.id, ...afterRestart.map((e) => e.id)]), {
      timeout: 8000,
    });
    await eventually(() =>
      expect(consumer.status()).toMatchObject({ lag: 0, lagMs: 0, transportError: null }),
    );
  });

  it('reports how many events wait and how old the oldest is', async () => {
    let open = false;
    const { sqlite, subscription, handled } = subscribe('lag-source', 'test.lag', () => {
      if (!open) throw new Error('not yet');
    });
    const old = testEvent('OrderPlaced', new Date(Date.now() - 60_000));
    for (const event of [old, testEvent('OrderPaid'), testEvent('OrderPaid')])
      await publish('lag-source', event);
    const consumer = start(sqlite, subscription);
    await eventually(() => {
      const status = consumer.status();
      expect(status).toMatchObject({ lag: 3, position: 0 });
      expect(status.head).toBeGreaterThanOrEqual(3);
      expect(status.lagMs).toBeGreaterThanOrEqual(60_000);
    });
    open = true;
    await eventually(() => expect(handled).toHaveLength(3), { timeout: 5000 });
    await eventually(() => expect(consumer.status()).toMatchObject({ lag: 0, lagMs: 0 }));
  });
});
