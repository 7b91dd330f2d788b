import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, createOutbox, type DomainEvent, readFeed } from '../sqlite/outbox.js';
import { applyEvent, consumerPosition, createConsumerTables, forgetProcessedBefore } from './apply-event.js';
import type { EventSubscription } from './types.js';

const opened: Database.Database[] = [];
afterEach(() => {
  for (const sqlite of opened.splice(0)) sqlite.close();
});

function setup() {
  const sqlite = new Database(':memory:');
  opened.push(sqlite);
  createConsumerTables(sqlite);
  createOutbox(sqlite);
  sqlite.exec('CREATE TABLE copies (event_id TEXT NOT NULL)');
  let fail = false;
  const subscription: EventSubscription = {
    consumer: 'copier',
    source: 'notes-service',
    types: ['NoteWritten'],
    handle(event) {
      sqlite.prepare('INSERT INTO copies (event_id) VALUES (?)').run(event.id);
      appendEvents(sqlite, [
        {
          type: 'NoteCopied',
          version: 1,
          correlationId: event.correlationId,
          causationId: event.id,
          data: {},
        },
      ]);
      if (fail) throw new Error('boom');
    },
  };
  const copies = () => sqlite.prepare('SELECT COUNT(*) FROM copies').pluck().get();
  return { sqlite, subscription, copies, failNext: (value: boolean) => (fail = value) };
}

const event = (id: string, type = 'NoteWritten', position = 1): DomainEvent => ({
  id,
  type,
  version: 1,
  occurredAt: '2030-01-01T00:00:00.000Z',
  correlationId: 'c1',
  causationId: null,
  data: {},
  position,
});

describe('applyEvent', () => {
  it('runs the effect once per event id, and saves the position with it', () => {
    const { sqlite, subscription, copies } = setup();
    expect(applyEvent(sqlite, subscription, event('e1'), { position: 1 })).toBe('handled');
    expect(applyEvent(sqlite, subscription, event('e1'), { position: 1 })).toBe('duplicate');
    expect(copies()).toBe(1);
    expect(consumerPosition(sqlite, 'copier')).toBe(1);
    // The event it caused was appended in the same transaction, once.
    expect(readFeed(sqlite, 0, 10).events.map((e) => [e.type, e.causationId])).toEqual([
      ['NoteCopied', 'e1'],
    ]);
  });

  it('passes over types it does not handle, moving the position only', () => {
    const { sqlite, subscription, copies } = setup();
    expect(applyEvent(sqlite, subscription, event('e2', 'NoteDeleted', 7), { position: 7 })).toBe(
      'passed-over',
    );
    expect(copies()).toBe(0);
    expect(consumerPosition(sqlite, 'copier')).toBe(7);
  });

  it('writes nothing when the effect throws: no copy, no caused event, no id, no position', () => {
    const { sqlite, subscription, copies, failNext } = setup();
    failNext(true);
    expect(() => applyEvent(sqlite, subscription, event('e3'), { position: 3 })).toThrow('boom');
    expect(copies()).toBe(0);
    expect(readFeed(sqlite, 0, 10).events).toEqual([]);
    expect(consumerPosition(sqlite, 'copier')).toBe(0);
    failNext(false);
    expect(applyEvent(sqlite, subscription, event('e3'), { position: 3 })).toBe('handled');
  });

  it('forgets processed ids past retention (and nothing newer)', () => {
    const { sqlite, subscription } = setup();
    applyEvent(sqlite, subscription, event('old'), { now: new Date('2020-01-01T00:00:00.000Z') });
    applyEvent(sqlite, subscription, event('new'), { now: new Date('2030-01-01T00:00:00.000Z') });
    expect(forgetProcessedBefore(sqlite, new Date('2025-01-01T00:00:00.000Z'))).toBe(1);
    expect(applyEvent(sqlite, subscription, event('new'))).toBe('duplicate');
  });
});
