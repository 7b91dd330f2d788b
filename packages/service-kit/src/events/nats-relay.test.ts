// The relay against a real nats-server: every outbox row reaches the stream once, in order, across restarts and
// outages.
import { nanos } from '@nats-io/transport-node';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, createOutbox } from '../sqlite/outbox.js';
import { startNatsServer, type TestNatsServer } from '../testing/nats-server.js';
import { consumerPosition, saveConsumerPosition } from './apply-event.js';
import {
  EVENTS_STREAM,
  ensureEventsStream,
  eventsStreamConfig,
  type NatsEventsConnection,
  openNatsConnection,
} from './nats-connection.js';
import { NATS_RELAY_CONSUMER, startNatsRelay } from './nats-relay.js';
import { capturedLog, eventDatabase, eventually, streamMessages } from './nats-test-support.js';

let server: TestNatsServer;
const opened: { close(): unknown }[] = [];

beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

function connection(log = capturedLog().log): NatsEventsConnection {
  const opened_ = openNatsConnection({
    url: server.url,
    name: 'relay-test',
    log,
    reconnectWaitMs: 200,
    timeoutMs: 1000,
  });
  opened.push(opened_);
  return opened_;
}

function database(): Database.Database {
  const sqlite = eventDatabase();
  opened.push(sqlite);
  return sqlite;
}

function append(sqlite: Database.Database, ...types: string[]): void {
  sqlite
    .transaction(() => {
      appendEvents(
        sqlite,
        types.map((type) => ({ type, version: 1, correlationId: 'flow-1', data: { type } })),
      );
    })
    .immediate();
}

describe('ensureEventsStream', () => {
  it('creates the stream, and brings one made with other settings to these, whoever runs it', async () => {
    const { jsm } = await connection().ready();
    await jsm.streams.delete(EVENTS_STREAM);
    await jsm.streams.add({ ...eventsStreamConfig(), max_age: nanos(60_000), duplicate_window: nanos(1000) });
    await Promise.all([ensureEventsStream(jsm), ensureEventsStream(jsm)]);
    const { config } = await jsm.streams.info(EVENTS_STREAM);
    expect(config).toMatchObject({
      subjects: ['storefront.events.>'],
      storage: 'file',
      retention: 'limits',
      max_age: nanos(7 * 24 * 3600 * 1000),
      duplicate_window: nanos(120_000),
    });
  });
});

describe('startNatsRelay', () => {
  it('publishes each outbox row once, in order, as the whole event with its id as Nats-Msg-Id, across restarts', async () => {
    const sqlite = database();
    const { log } = capturedLog();
    append(sqlite, 'OrderPlaced', 'OrderPaid', 'OrderShipped');
    const relay = startNatsRelay({ sqlite, service: 'relay-once', natsUrl: server.url, log, pollMs: 50 });
    await eventually(() => expect(relay.status()).toMatchObject({ position: 3, head: 3, lag: 0, lagMs: 0 }));
    expect(relay.status()).toMatchObject({
      service: 'relay-once',
      transport: 'nats',
      relayed: 3,
      lastError: null,
    });
    await relay.stop();
    expect(relay.status().running).toBe(false);
    expect(consumerPosition(sqlite, NATS_RELAY_CONSUMER)).toBe(3);

    // A crash between the PubAck and the saved position: events 2 and 3 go out again, and are dropped as duplicates.
    saveConsumerPosition(sqlite, NATS_RELAY_CONSUMER, 1);
    append(sqlite, 'OrderCancelled');
    const again = startNatsRelay({
      sqlite,
      service: 'relay-once',
      connection: connection(),
      log,
      pollMs: 50,
    });
    opened.push({ close: () => again.stop() });
    await eventually(() => expect(again.status()).toMatchObject({ position: 4, lag: 0 }));

    const outbox = sqlite.prepare('SELECT id, type, position FROM outbox ORDER BY position').all();
    const messages = await streamMessages(await connection().ready(), 'storefront.events.relay-once.');
    expect(messages.map((m) => [m.subject, m.msgId, m.event.id, m.event.position])).toEqual(
      outbox.map((row) => {
        const { id, type, position } = row as { id: string; type: string; position: number };
        return [`storefront.events.relay-once.${type}`, id, id, position];
      }),
    );
    expect(messages[0]?.event).toMatchObject({
      type: 'OrderPlaced',
      version: 1,
      data: { type: 'OrderPlaced' },
    });
  });

  it('runs on a publisher that consumes nothing (no consumer tables yet): it creates the one it keeps its place in', async () => {
    const sqlite = new Database(':memory:');
    opened.push(sqlite);
    createOutbox(sqlite);
    append(sqlite, 'UserRegistered');
    const { log } = capturedLog();
    const relay = startNatsRelay({
      sqlite,
      service: 'relay-bare',
      connection: connection(),
      log,
      pollMs: 50,
    });
    opened.push({ close: () => relay.stop() });
    await eventually(() => expect(relay.status()).toMatchObject({ position: 1, lag: 0 }));
  });

  it('keeps the events while NATS is down, says so once, and relays them when it is back', async () => {
    const sqlite = database();
    const { log, lines } = capturedLog();
    const relay = startNatsRelay({
      sqlite,
      service: 'relay-outage',
      connection: connection(log),
      log,
      pollMs: 50,
    });
    opened.push({ close: () => relay.stop() });
    append(sqlite, 'CartCreated');
    await eventually(() => expect(relay.status()).toMatchObject({ position: 1, lag: 0 }));

    await server.kill();
    append(sqlite, 'CartItemAdded', 'CartItemRemoved');
    await eventually(() => expect(relay.status()).toMatchObject({ position: 1, head: 3, lag: 2 }), {
      timeout: 5000,
    });
    await eventually(() => expect(relay.status().lastError).not.toBeNull(), { timeout: 5000 });
    // Several attempts fail meanwhile: one warning for the outage.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await server.start();
    await eventually(() => expect(relay.status()).toMatchObject({ position: 3, lag: 0, lastError: null }), {
      timeout: 8000,
    });
    const warnings = lines.filter((line) => line.msg === 'relaying events to NATS failed; retrying');
    expect(warnings).toHaveLength(1);
    expect(lines.some((line) => line.msg === 'relaying events to NATS again')).toBe(true);
    const messages = await streamMessages(await connection().ready(), 'storefront.events.relay-outage.');
    expect(messages.map((m) => m.event.type)).toEqual(['CartCreated', 'CartItemAdded', 'CartItemRemoved']);
  });
});
