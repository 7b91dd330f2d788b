// The consumer's half of at-least-once delivery (issue 13): a feed or a broker may hand the same event over again
// (a consumer died after its effect but before saving its position, a broker redelivered after a missed ack), so
// each consumer stores the ids of the events it processed in the same transaction as the effect, and skips an id
// it has seen. Redelivery then never doubles an effect.
import type Database from 'better-sqlite3';
import type { DomainEvent } from './outbox.js';

const DDL = `
CREATE TABLE IF NOT EXISTS processed_events (
  consumer      TEXT NOT NULL,
  event_id      TEXT NOT NULL,
  processed_at  TEXT NOT NULL,
  PRIMARY KEY (consumer, event_id)
);
`;

/** Creates the `processed_events` table when missing; a consuming service calls it when it opens its database. */
export function createProcessedEvents(sqlite: Database.Database): void {
  sqlite.exec(DDL);
}

/** What {@link consumeOnce} did: ran the effect (with its result), or skipped a redelivered event. */
export type ConsumeResult<T> = { processed: true; result: T } | { processed: false };

interface Statements {
  seen: Database.Statement<[string, string], number>;
  record: Database.Statement<[string, string, string]>;
}

const prepared = new WeakMap<Database.Database, Statements>();

function statementsOf(sqlite: Database.Database): Statements {
  let stmts = prepared.get(sqlite);
  if (!stmts) {
    stmts = {
      seen: sqlite
        .prepare<[string, string], number>(
          'SELECT 1 FROM processed_events WHERE consumer = ? AND event_id = ?',
        )
        .pluck(),
      record: sqlite.prepare<[string, string, string]>(
        'INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (?, ?, ?)',
      ),
    };
    prepared.set(sqlite, stmts);
  }
  return stmts;
}

/**
 * Runs `effect` for `event` once per `consumer` (a name: one service may run several consumers): the event's id is
 * recorded in the same IMMEDIATE transaction as the effect's writes, so either both commit or neither does, and a
 * redelivered event is skipped. An effect that throws records nothing: the next delivery runs it again. `effect`
 * must be synchronous and write only to this connection (better-sqlite3; a savepoint if it opens its own
 * transaction).
 */
export function consumeOnce<T>(
  sqlite: Database.Database,
  consumer: string,
  event: Pick<DomainEvent, 'id'>,
  effect: () => T,
  now: () => Date = () => new Date(),
): ConsumeResult<T> {
  const stmts = statementsOf(sqlite);
  return sqlite
    .transaction((): ConsumeResult<T> => {
      if (stmts.seen.get(consumer, event.id) !== undefined) return { processed: false };
      const result = effect();
      stmts.record.run(consumer, event.id, now().toISOString());
      return { processed: true, result };
    })
    .immediate();
}
