// Idempotency where the effect is: the key, the request's fingerprint and the answer are written in the same
// SQLite transaction as the change, so a retry after a lost answer, a crash or a restart of any caller replays the
// answer instead of changing anything twice (docs/cart-and-account.md, "Idempotency").
import type Database from 'better-sqlite3';
import { IDEMPOTENCY_TTL_MS, keyReusedError } from '../idempotency.js';

/** An answer as stored and replayed. */
export interface LedgerAnswer<T> {
  status: number;
  body: T;
}

/** What {@link IdempotencyLedger.run} returns: the answer and whether it is a replay. */
export interface LedgerResult<T> extends LedgerAnswer<T> {
  replayed: boolean;
}

export interface IdempotencyLedgerOptions {
  /** How long a key is remembered (default 24 h). */
  ttlMs?: number;
  /** Keys kept per caller; beyond, that caller's own oldest are forgotten (default 1000), never another's. */
  maxKeysPerCaller?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** One keyed request: who asks (the scope of the key), the key, and the request's fingerprint. */
export interface LedgerEntry {
  caller: string;
  key: string;
  fingerprint: string;
}

interface Row {
  fingerprint: string;
  status: number;
  body: string;
}

const DDL = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  caller       TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (caller, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_age_idx ON idempotency_keys (created_at);
CREATE INDEX IF NOT EXISTS idempotency_keys_caller_age_idx ON idempotency_keys (caller, created_at);
`;

/** Most expired rows one sweep deletes, so that a sweep never holds the write lock for long. */
const SWEEP_BATCH = 5000;

/**
 * The idempotency keys of one service, in its own database (table `idempotency_keys`, created on first use).
 * `run` is synchronous: with better-sqlite3 the lookup, the effect and the record are one IMMEDIATE transaction
 * (an effect that opens its own transaction becomes a savepoint inside it), so two requests with one key are
 * serialised and the second replays the first; nothing is ever "in flight" here.
 */
export class IdempotencyLedger {
  private readonly ttlMs: number;
  private readonly maxKeysPerCaller: number;
  private readonly now: () => number;
  private readonly stmts;

  constructor(
    private readonly sqlite: Database.Database,
    options: IdempotencyLedgerOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.maxKeysPerCaller = options.maxKeysPerCaller ?? 1000;
    this.now = options.now ?? Date.now;
    sqlite.exec(DDL);
    this.stmts = {
      find: sqlite.prepare<[string, string, number], Row>(
        `SELECT fingerprint, status, body FROM idempotency_keys
          WHERE caller = ? AND key = ? AND created_at > ?`,
      ),
      save: sqlite.prepare<[string, string, string, number, string, number]>(
        `INSERT INTO idempotency_keys (caller, key, fingerprint, status, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (caller, key) DO UPDATE SET fingerprint = excluded.fingerprint,
           status = excluded.status, body = excluded.body, created_at = excluded.created_at`,
      ),
      countOf: sqlite
        .prepare<[string], number>('SELECT count(*) FROM idempotency_keys WHERE caller = ?')
        .pluck(),
      trimCaller: sqlite.prepare<[string, string, number]>(
        `DELETE FROM idempotency_keys WHERE caller = ? AND key IN (
           SELECT key FROM idempotency_keys WHERE caller = ? ORDER BY created_at, rowid LIMIT ?)`,
      ),
      sweep: sqlite.prepare<[number, number]>(
        `DELETE FROM idempotency_keys WHERE rowid IN (
           SELECT rowid FROM idempotency_keys WHERE created_at <= ? LIMIT ?)`,
      ),
      total: sqlite.prepare<[], number>('SELECT count(*) FROM idempotency_keys').pluck(),
    };
  }

  /**
   * Runs `effect` once per (caller, key): the first time its answer is stored with the effect's writes; later
   * with the same fingerprint the stored answer is returned (`replayed`), with another fingerprint 422
   * `IDEMPOTENCY_KEY_REUSED`. An effect that throws stores nothing (its writes roll back), so a retry runs again.
   */
  run<T>(entry: LedgerEntry, effect: () => LedgerAnswer<T>): LedgerResult<T> {
    return this.sqlite
      .transaction((): LedgerResult<T> => {
        const now = this.now();
        const found = this.stmts.find.get(entry.caller, entry.key, now - this.ttlMs);
        if (found) {
          if (found.fingerprint !== entry.fingerprint) throw keyReusedError();
          return { status: found.status, body: JSON.parse(found.body) as T, replayed: true };
        }
        const answer = effect();
        this.stmts.save.run(
          entry.caller,
          entry.key,
          entry.fingerprint,
          answer.status,
          JSON.stringify(answer.body) ?? 'null',
          now,
        );
        this.trim(entry.caller);
        return { ...answer, replayed: false };
      })
      .immediate();
  }

  /** Deletes expired keys (at most one batch); returns how many. */
  sweep(): number {
    return this.stmts.sweep.run(this.now() - this.ttlMs, SWEEP_BATCH).changes;
  }

  /** Keys remembered, for one caller or in all. */
  count(caller?: string): number {
    return (caller === undefined ? this.stmts.total.get() : this.stmts.countOf.get(caller)) ?? 0;
  }

  private trim(caller: string): void {
    const excess = (this.stmts.countOf.get(caller) ?? 0) - this.maxKeysPerCaller;
    if (excess > 0) this.stmts.trimCaller.run(caller, caller, excess);
  }
}
