// SQLite for the services that own a database (a separate entry: processes without one never load better-sqlite3).

export {
  type ConsumeResult,
  consumeOnce,
  createProcessedEvents,
} from './consume-once.js';
export { type EventFeedPluginOptions, eventFeedPlugin, FEED_DEFAULT_LIMIT } from './event-feed-plugin.js';
export {
  IdempotencyLedger,
  type IdempotencyLedgerOptions,
  type LedgerAnswer,
  type LedgerEntry,
  type LedgerResult,
} from './idempotency-ledger.js';
export {
  answerOnce,
  type IdempotencyLedgerPluginOptions,
  idempotencyLedgerPlugin,
  type OnceScope,
} from './idempotency-plugin.js';
export {
  appendEvents,
  createOutbox,
  type DomainEvent,
  FEED_MAX_LIMIT,
  type FeedPage,
  FeedTrimmedError,
  type NewDomainEvent,
  OUTBOX_RETENTION_MS,
  OutboxOutsideTransactionError,
  readFeed,
  trimOutbox,
} from './outbox.js';
export {
  applySchema,
  defaultDbPath,
  type OpenSqliteOptions,
  openSqlite,
  SqliteDatabase,
} from './sqlite-database.js';
export { databaseCheck, type SqlitePluginOptions, sqlitePlugin } from './sqlite-plugin.js';
