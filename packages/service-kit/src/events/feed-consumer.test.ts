import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../create-app.js';
import { eventFeedPlugin } from '../sqlite/event-feed-plugin.js';
import { appendEvents, createOutbox } from '../sqlite/outbox.js';
import { createConsumerTables } from './apply-event.js';
import { startFeedConsumer } from './feed-consumer.js';
import type { EventSubscription, RunningConsumer } from './types.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A publisher on a real port, serving its outbox as the feed. */
async function publisher(port = 0) {
  const sqlite = new Database(':memory:');
  createOutbox(sqlite);
  const app = createApp({ name: 'notes' });
  app.register(eventFeedPlugin, { sqlite: () => sqlite });
  await app.listen({ host: '127.0.0.1', port });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const publish = (type: string) =>
    sqlite.transaction(() => appendEvents(sqlite, [{ type, version: 1, correlationId: 'c', data: {} }]))();
  cleanups.push(async () => {
    await app.close();
    sqlite.close();
  });
  return { url, publish, close: () => app.close() };
}

function consumer(
  url: string,
  handle: EventSubscription['handle'],
): { handled: string[]; running: RunningConsumer } {
  const sqlite = new Database(':memory:');
  createConsumerTables(sqlite);
  const handled: string[] = [];
  const subscription: EventSubscription = {
    consumer: 'test.notes',
    source: 'notes',
    types: ['A', 'B'],
    handle: (event) => {
      handle(event);
      handled.push(event.type);
    },
  };
  const log = createApp({ name: 'log' }).log;
  const running = startFeedConsumer({ sqlite, subscription, url, credential: null, log, pollMs: 10 });
  cleanups.push(async () => {
    await running.stop();
    sqlite.close();
  });
  return { handled, running };
}

describe('the feed consumer', () => {
  it('handles events in order, retries a failing one before any after it, and shows it failing meanwhile', async () => {
    const feed = await publisher();
    feed.publish('A');
    feed.publish('B');
    let failures = 2;
    const { handled, running } = consumer(feed.url, (event) => {
      if (event.type === 'A' && failures-- > 0) throw new Error('not yet');
    });
    await expect.poll(() => running.status().failing[0]?.attempts ?? 0).toBeGreaterThanOrEqual(1);
    expect(handled).toEqual([]);
    await expect.poll(() => handled, { timeout: 5000 }).toEqual(['A', 'B']);
    const status = running.status();
    expect(status).toMatchObject({
      position: 2,
      head: 2,
      lag: 0,
      lagMs: 0,
      failing: [],
      transportError: null,
    });
    expect(status.recent.map((event) => event.type)).toEqual(['A', 'B']);
  });

  it('reports the publisher unreachable, then catches up once it answers', async () => {
    const first = await publisher();
    const port = Number(new URL(first.url).port);
    await first.close();
    const { handled, running } = consumer(first.url, () => {});
    await expect.poll(() => running.status().transportError).not.toBeNull();
    const again = await publisher(port);
    again.publish('A');
    await expect.poll(() => handled, { timeout: 5000 }).toEqual(['A']);
    expect(running.status().transportError).toBeNull();
  });
});
