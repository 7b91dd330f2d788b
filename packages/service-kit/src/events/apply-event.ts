// One delivery of one event to one consumer, made to count once (issue 13): the effect, the event id (so a
// redelivery is skipped) and, for the pull feed, the consumer's new position commit in one transaction.
import type Database from 'better-sqlite3';
import { consumeOnce, createProcessedEvents } from '../sqlite/consume-once.js';
import type { DomainEvent } from '../sqlite/outbox.js';
import type { EventSubscription } from './types.js';

const DDL = `
CREATE TABLE IF NOT EXISTS consumer_positions (
  consumer    TEXT PRIMARY KEY,
  position    INTEGER NOT NULL CHECK (position >= 0),
  updated_at  TEXT NOT NULL
);
`;

/** Creates `consumer_positions` and `processed_events` when missing; a consuming service calls it at open. */
export function createConsumerTables(sqlite: Database.Database): void {
  createProcessedEvents(sqlite);
  sqlite.exec(DDL);
}

interface Statements {
  position: Database.Statement<[string], number>;
  savePosition: Database.Statement<[string, number, string]>;
}

const prepared = new WeakMap<Database.Database, Statements>();

function statementsOf(sqlite: Database.Database): Statements {
  let stmts = prepared.get(sqlite);
  if (!stmts) {
    stmts = {
      position: sqlite
        .prepare<[string], number>('SELECT position FROM consumer_positions WHERE consumer = ?')
        .pluck(),
      savePosition: sqlite.prepare<[string, number, string]>(
        `INSERT INTO consumer_positions (consumer, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      ),
    };
    prepared.set(sqlite, stmts);
  }
  return stmts;
}

/** The consumer's saved position (0: from the start). */
export function consumerPosition(sqlite: Database.Database, consumer: string): number {
  return statementsOf(sqlite).position.get(consumer) ?? 0;
}

/** Saves a position on its own (a transport that keeps positions elsewhere never calls it). */
export function saveConsumerPosition(sqlite: Database.Database, consumer: string, position: number): void {
  statementsOf(sqlite).savePosition.run(consumer, position, new Date().toISOString());
}

/** What {@link applyEvent} did with the event. */
export type Applied = 'handled' | 'duplicate' | 'passed-over';

/**
 * Delivers `event` to `subscription` once: in one IMMEDIATE transaction, skips an id already processed, runs
 * `handle` for a type it subscribes to and records the id, and saves `position` when given (the feed's). Throws
 * what `handle` throws, with nothing written.
 */
export function applyEvent(
  sqlite: Database.Database,
  subscription: EventSubscription,
  event: DomainEvent,
  options: { position?: number; now?: Date } = {},
): Applied {
  const now = options.now ?? new Date();
  return sqlite
    .transaction((): Applied => {
      let applied: Applied = 'passed-over';
      if (subscription.types.includes(event.type)) {
        // Nested: consumeOnce's transaction is a savepoint of this one, so the position commits with the effect.
        const once = consumeOnce(
          sqlite,
          subscription.consumer,
          event,
          () => subscription.handle(event),
          () => now,
        );
        applied = once.processed ? 'handled' : 'duplicate';
      }
      if (options.position !== undefined) {
        statementsOf(sqlite).savePosition.run(subscription.consumer, options.position, now.toISOString());
      }
      return applied;
    })
    .immediate();
}

/**
 * Forgets the processed ids older than `olderThan` (the retention rule): an event that old can no longer be
 * delivered again — the feed and the stream keep events for the same time — so its id guards nothing.
 */
export function forgetProcessedBefore(sqlite: Database.Database, olderThan: Date): number {
  const exists = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'processed_events'")
    .pluck()
    .get();
  if (exists === undefined) return 0;
  return sqlite.prepare('DELETE FROM processed_events WHERE processed_at < ?').run(olderThan.toISOString())
    .changes;
}
