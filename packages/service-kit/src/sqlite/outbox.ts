// A transactional outbox (issue 13): a service writes its domain events into its own database in the same
// transaction as the change they describe, so a change is never committed without its events nor an event
// published for a change that rolled back — whatever process dies when. Consumers pull the table as an ordered
// feed (`GET /events?after=`, see event-feed-plugin.ts); a broker can later be fed from the same rows.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

/** A domain event as stored and served: `position` orders one service's events (gaps are possible, never reorder). */
export interface DomainEvent<T = unknown> {
  /** A UUID: what consumers deduplicate on (delivery is at least once). */
  id: string;
  /** The event's name in the past tense (`OrderPlaced`), one of the contract's `DOMAIN_EVENT_TYPES`. */
  type: string;
  /** Version of `data`'s shape; a consumer refuses versions it does not know. */
  version: number;
  /** ISO time of the change. */
  occurredAt: string;
  /** The flow it belongs to: the checkout id where there is one, else the entity's id. */
  correlationId: string;
  /** The id of the event that caused it; `null` when a command (a request) caused it. */
  causationId: string | null;
  data: T;
  /** Position in the publishing service's feed (strictly increasing). */
  position: number;
}

/** What a service appends; id and time are filled in when left out. */
export interface NewDomainEvent<T = unknown> {
  type: string;
  version: number;
  correlationId: string;
  causationId?: string | null;
  data: T;
  id?: string;
  occurredAt?: string;
}

/**
 * One page of the feed: `next` is the position to ask `after` next time (`after` itself when nothing came);
 * `head` the newest position published so far (0 when none), so a consumer knows its lag.
 */
export interface FeedPage {
  events: DomainEvent[];
  next: number;
  head: number;
}

// AUTOINCREMENT: positions are never reused, even after the newest rows are deleted, so a consumer's saved
// position can never point at a different event later.
const DDL = `
CREATE TABLE IF NOT EXISTS outbox (
  position        INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  type            TEXT NOT NULL,
  version         INTEGER NOT NULL,
  occurred_at     TEXT NOT NULL,
  correlation_id  TEXT NOT NULL,
  causation_id    TEXT,
  data            TEXT NOT NULL CHECK (json_valid(data))
);
CREATE INDEX IF NOT EXISTS outbox_correlation_idx ON outbox (correlation_id);
CREATE INDEX IF NOT EXISTS outbox_occurred_idx ON outbox (occurred_at);
-- The newest position the retention rule deleted: a reader asking from before it has missed events for good.
CREATE TABLE IF NOT EXISTS outbox_trimmed (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  through  INTEGER NOT NULL
);
`;

interface OutboxRow {
  position: number;
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  data: string;
}

type InsertParams = Omit<OutboxRow, 'position'>;

interface Statements {
  insert: Database.Statement<[InsertParams]>;
  page: Database.Statement<[number, number], OutboxRow>;
  head: Database.Statement<[], number | null>;
  trimmedThrough: Database.Statement<[], number>;
  lastOlderThan: Database.Statement<[string, number], number | null>;
  trim: Database.Statement<[number]>;
  saveTrimmed: Database.Statement<[number]>;
}

// Statements prepared once per connection: appendEvents runs inside every write transaction of a service.
const prepared = new WeakMap<Database.Database, Statements>();

function statementsOf(sqlite: Database.Database): Statements {
  let stmts = prepared.get(sqlite);
  if (!stmts) {
    stmts = {
      insert: sqlite.prepare<[InsertParams]>(
        `INSERT INTO outbox (id, type, version, occurred_at, correlation_id, causation_id, data)
         VALUES (@id, @type, @version, @occurredAt, @correlationId, @causationId, @data)`,
      ),
      page: sqlite.prepare<[number, number], OutboxRow>(
        `SELECT position, id, type, version, occurred_at AS occurredAt, correlation_id AS correlationId,
                causation_id AS causationId, data
           FROM outbox WHERE position > ? ORDER BY position LIMIT ?`,
      ),
      head: sqlite.prepare<[], number | null>('SELECT MAX(position) FROM outbox').pluck(),
      trimmedThrough: sqlite.prepare<[], number>('SELECT through FROM outbox_trimmed WHERE id = 1').pluck(),
      lastOlderThan: sqlite
        .prepare<[string, number], number | null>(
          'SELECT MAX(position) FROM outbox WHERE occurred_at < ? AND position <= ?',
        )
        .pluck(),
      trim: sqlite.prepare<[number]>('DELETE FROM outbox WHERE position <= ?'),
      saveTrimmed: sqlite.prepare<[number]>(
        `INSERT INTO outbox_trimmed (id, through) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET through = MAX(through, excluded.through)`,
      ),
    };
    prepared.set(sqlite, stmts);
  }
  return stmts;
}

/** Creates the `outbox` table when missing; a service calls it when it opens its database (safe every start). */
export function createOutbox(sqlite: Database.Database): void {
  sqlite.exec(DDL);
}

/** Thrown by {@link appendEvents} outside a transaction: the event could then outlive a rolled-back change. */
export class OutboxOutsideTransactionError extends Error {
  constructor() {
    super('appendEvents must run inside the transaction of the change it describes');
    this.name = 'OutboxOutsideTransactionError';
  }
}

/**
 * Appends `events` to the outbox. Call it INSIDE the transaction that makes the change (from the body passed to
 * `sqlite.transaction(...)`), never after it: that is the whole point of an outbox — the change and its events
 * commit together or not at all. Throws {@link OutboxOutsideTransactionError} otherwise. Returns the stored events.
 */
export function appendEvents(sqlite: Database.Database, events: readonly NewDomainEvent[]): DomainEvent[] {
  if (!sqlite.inTransaction) throw new OutboxOutsideTransactionError();
  const { insert } = statementsOf(sqlite);
  return events.map((event) => {
    const stored = {
      id: event.id ?? randomUUID(),
      type: event.type,
      version: event.version,
      occurredAt: event.occurredAt ?? new Date().toISOString(),
      correlationId: event.correlationId,
      causationId: event.causationId ?? null,
    };
    const result = insert.run({ ...stored, data: JSON.stringify(event.data) ?? 'null' });
    return { ...stored, data: event.data, position: Number(result.lastInsertRowid) };
  });
}

/** Most events one page holds. */
export const FEED_MAX_LIMIT = 500;

/** Thrown by {@link readFeed} when events after `after` were deleted by the retention rule: they are gone. */
export class FeedTrimmedError extends Error {
  constructor(
    readonly after: number,
    readonly trimmedThrough: number,
  ) {
    super(
      `events up to position ${trimmedThrough} were deleted by the outbox retention rule (asked after ${after})`,
    );
    this.name = 'FeedTrimmedError';
  }
}

/** The events after position `after`, oldest first, at most `limit` (1 to {@link FEED_MAX_LIMIT}). */
export function readFeed(sqlite: Database.Database, after: number, limit: number): FeedPage {
  if (!Number.isInteger(after) || after < 0) throw new RangeError(`after must be an integer >= 0: ${after}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > FEED_MAX_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${FEED_MAX_LIMIT}: ${limit}`);
  }
  const trimmedThrough = statementsOf(sqlite).trimmedThrough.get() ?? 0;
  // Asking from before the trimmed range would skip events silently: say so instead.
  if (after < trimmedThrough) throw new FeedTrimmedError(after, trimmedThrough);
  const events = statementsOf(sqlite)
    .page.all(after, limit)
    .map(
      (row): DomainEvent => ({
        id: row.id,
        type: row.type,
        version: row.version,
        occurredAt: row.occurredAt,
        correlationId: row.correlationId,
        causationId: row.causationId,
        data: JSON.parse(row.data) as unknown,
        position: row.position,
      }),
    );
  const { head } = statementsOf(sqlite);
  return { events, next: events.at(-1)?.position ?? after, head: head.get() ?? 0 };
}

/** How long the outbox keeps events by default (`OUTBOX_RETENTION_MS`): a week. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The retention rule: deletes events that occurred before `olderThan`, but never one after `keepAfter` (the NATS
 * relay's position: not relayed yet). Consumers of the feed further behind than that get {@link FeedTrimmedError}
 * (410) instead of a silent gap. Returns how many rows went.
 */
export function trimOutbox(
  sqlite: Database.Database,
  olderThan: Date,
  keepAfter = Number.MAX_SAFE_INTEGER,
): number {
  const stmts = statementsOf(sqlite);
  return sqlite
    .transaction((): number => {
      const through = stmts.lastOlderThan.get(olderThan.toISOString(), keepAfter);
      if (through === null || through === undefined) return 0;
      const deleted = stmts.trim.run(through).changes;
      stmts.saveTrimmed.run(through);
      return deleted;
    })
    .immediate();
}
