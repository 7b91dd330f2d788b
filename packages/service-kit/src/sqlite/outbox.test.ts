import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../create-app.js';
import { json } from '../testing/index.js';
import { consumeOnce, createProcessedEvents } from './consume-once.js';
import { eventFeedPlugin } from './event-feed-plugin.js';
import {
  appendEvents,
  createOutbox,
  type FeedPage,
  FeedTrimmedError,
  OutboxOutsideTransactionError,
  readFeed,
  trimOutbox,
} from './outbox.js';

const opened: Database.Database[] = [];
afterEach(() => {
  for (const sqlite of opened.splice(0)) sqlite.close();
});

function setup() {
  const sqlite = new Database(':memory:');
  opened.push(sqlite);
  createOutbox(sqlite);
  createOutbox(sqlite); // safe on every start
  sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const note = (text: string, fail = false) =>
    sqlite
      .transaction(() => {
        const id = Number(sqlite.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid);
        appendEvents(sqlite, [{ type: 'NoteWritten', version: 1, correlationId: String(id), data: { id } }]);
        if (fail) throw new Error('boom');
        return id;
      })
      .immediate();
  const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return { sqlite, note, count };
}

describe('appendEvents', () => {
  it('stores the events with the change, with id, time and strictly increasing positions', () => {
    const { sqlite, note } = setup();
    note('a');
    note('b');
    const { events, next } = readFeed(sqlite, 0, 10);
    expect(events.map((event) => [event.type, event.correlationId, event.data])).toEqual([
      ['NoteWritten', '1', { id: 1 }],
      ['NoteWritten', '2', { id: 2 }],
    ]);
    expect(events[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[0]?.causationId).toBeNull();
    expect(Number.isNaN(Date.parse(events[0]?.occurredAt ?? ''))).toBe(false);
    expect(next).toBe(events[1]?.position);
    expect(events[1]?.position).toBeGreaterThan(events[0]?.position ?? Infinity);
  });

  it('leaves no event when the change rolls back', () => {
    const { sqlite, note, count } = setup();
    expect(() => note('lost', true)).toThrow('boom');
    expect(count('notes')).toBe(0);
    expect(readFeed(sqlite, 0, 10).events).toEqual([]);
  });

  it('refuses to run outside a transaction', () => {
    const { sqlite } = setup();
    expect(() => appendEvents(sqlite, [{ type: 'X', version: 1, correlationId: 'c', data: {} }])).toThrow(
      OutboxOutsideTransactionError,
    );
    expect(readFeed(sqlite, 0, 10).events).toEqual([]);
  });

  it('never reuses a position, even after the newest rows are deleted', () => {
    const { sqlite, note } = setup();
    note('a');
    note('b');
    sqlite.exec('DELETE FROM outbox WHERE position = 2');
    note('c');
    expect(readFeed(sqlite, 0, 10).events.map((event) => event.position)).toEqual([1, 3]);
  });
});

describe('readFeed', () => {
  it('pages in order: after and limit, next is after when nothing came', () => {
    const { sqlite, note } = setup();
    for (const text of ['a', 'b', 'c', 'd', 'e']) note(text);
    const first = readFeed(sqlite, 0, 2);
    const second = readFeed(sqlite, first.next, 2);
    const third = readFeed(sqlite, second.next, 2);
    const ids = [...first.events, ...second.events, ...third.events].map((event) => event.data);
    expect(ids).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }]);
    expect(readFeed(sqlite, third.next, 2)).toEqual({ events: [], head: 5, next: third.next });
    expect(() => readFeed(sqlite, -1, 2)).toThrow(RangeError);
    expect(() => readFeed(sqlite, 0, 501)).toThrow(RangeError);
  });
});

describe('consumeOnce', () => {
  it('runs the effect once per consumer and event: a redelivery does not double it', () => {
    const { sqlite, count } = setup();
    createProcessedEvents(sqlite);
    const effect = () =>
      Number(sqlite.prepare("INSERT INTO notes (text) VALUES ('e')").run().lastInsertRowid);
    const event = { id: 'event-1' };
    expect(consumeOnce(sqlite, 'copier', event, effect)).toEqual({ processed: true, result: 1 });
    expect(consumeOnce(sqlite, 'copier', event, effect)).toEqual({ processed: false });
    expect(count('notes')).toBe(1);
    // Another consumer of the same event has its own record.
    expect(consumeOnce(sqlite, 'auditor', event, effect).processed).toBe(true);
    expect(count('notes')).toBe(2);
  });

  it('records nothing when the effect throws, so the next delivery runs it', () => {
    const { sqlite, count } = setup();
    createProcessedEvents(sqlite);
    const failing = () => {
      sqlite.prepare("INSERT INTO notes (text) VALUES ('half')").run();
      throw new Error('boom');
    };
    expect(() => consumeOnce(sqlite, 'copier', { id: 'e' }, failing)).toThrow('boom');
    expect(count('notes')).toBe(0);
    expect(consumeOnce(sqlite, 'copier', { id: 'e' }, () => 'done')).toEqual({
      processed: true,
      result: 'done',
    });
  });
});

describe('eventFeedPlugin', () => {
  async function feedApp() {
    const { sqlite, note } = setup();
    const app = createApp({ name: 'notes' });
    app.register(eventFeedPlugin, { sqlite: () => sqlite });
    await app.ready();
    return { app, note };
  }

  it('serves GET /events in order from after, limit at a time', async () => {
    const { app, note } = await feedApp();
    for (const text of ['a', 'b', 'c']) note(text);
    const first = json<FeedPage>(await app.inject({ url: '/events?limit=2' }));
    expect(first.events.map((event) => event.position)).toEqual([1, 2]);
    expect(first.next).toBe(2);
    const rest = json<FeedPage>(await app.inject({ url: `/events?after=${first.next}` }));
    expect(rest.events.map((event) => event.position)).toEqual([3]);
    expect(json<FeedPage>(await app.inject({ url: '/events?after=3' }))).toEqual({
      events: [],
      head: 3,
      next: 3,
    });
    await app.close();
  });

  it('answers 400 INVALID_REQUEST naming the parameter for a bad after or limit', async () => {
    const { app } = await feedApp();
    for (const [query, param] of [
      ['after=-1', 'after'],
      ['after=x', 'after'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=1.5', 'limit'],
      ['since=1', 'since'],
    ]) {
      const response = await app.inject({ url: `/events?${query}` });
      expect(response.statusCode, query).toBe(400);
      const body = json<{ error: { code: string; param: string }; meta: { requestId: string } }>(response);
      expect(body.error.code, query).toBe('INVALID_REQUEST');
      expect(body.error.param, query).toBe(param);
      expect(body.meta.requestId).toBeTruthy();
    }
    await app.close();
  });
});

describe('the retention rule (trimOutbox)', () => {
  const age = (sqlite: Database.Database, position: number, iso: string) =>
    sqlite.prepare('UPDATE outbox SET occurred_at = ? WHERE position = ?').run(iso, position);

  it('deletes events older than the cut-off, never one past keepAfter, and says so to a reader behind it', () => {
    const { sqlite, note } = setup();
    for (const text of ['a', 'b', 'c', 'd']) note(text);
    for (const position of [1, 2, 3]) age(sqlite, position, '2020-01-01T00:00:00.000Z');
    // Position 3 is old but not relayed yet (keepAfter 2): it stays, and so does everything after it.
    expect(trimOutbox(sqlite, new Date('2021-01-01T00:00:00.000Z'), 2)).toBe(2);
    expect(readFeed(sqlite, 2, 10).events.map((event) => event.position)).toEqual([3, 4]);
    expect(() => readFeed(sqlite, 1, 10)).toThrow(FeedTrimmedError);
    expect(() => readFeed(sqlite, 0, 10)).toThrow(/deleted by the outbox retention rule/);
    expect(trimOutbox(sqlite, new Date('2021-01-01T00:00:00.000Z'))).toBe(1);
    expect(readFeed(sqlite, 3, 10).events.map((event) => event.position)).toEqual([4]);
    // Nothing old enough: nothing deleted, the trimmed mark does not move back.
    expect(trimOutbox(sqlite, new Date('2000-01-01T00:00:00.000Z'))).toBe(0);
    expect(() => readFeed(sqlite, 2, 10)).toThrow(FeedTrimmedError);
  });

  it('answers 410 EVENTS_TRIMMED on the feed for a position before the trimmed range', async () => {
    const { sqlite, note } = setup();
    note('a');
    note('b');
    age(sqlite, 1, '2020-01-01T00:00:00.000Z');
    trimOutbox(sqlite, new Date('2021-01-01T00:00:00.000Z'));
    const app = createApp({ name: 'notes' });
    app.register(eventFeedPlugin, { sqlite: () => sqlite });
    const gone = await app.inject({ url: '/events?after=0' });
    expect(gone.statusCode).toBe(410);
    expect(json<{ error: { code: string } }>(gone).error).toMatchObject({
      code: 'EVENTS_TRIMMED',
      after: 0,
      trimmedThrough: 1,
    });
    expect((await app.inject({ url: '/events?after=1' })).statusCode).toBe(200);
    await app.close();
  });
});
