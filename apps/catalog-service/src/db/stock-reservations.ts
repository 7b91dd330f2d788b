import { domainEvent } from '@storefront/contract/domain-events';
import { appendEvents, type NewDomainEvent } from '@storefront/service-kit/sqlite';
import type Database from 'better-sqlite3';
import { RESERVATION_TTL } from '../lib/reservation-settings.js';

/** One reserved line. */
export interface ReservationLine {
  productId: number;
  quantity: number;
}

/**
 * Where a reservation stands at a given time. `live`: holds stock, not yet expired; `expired`: holds stock past
 * its expiry, not swept yet; `committed`: its order exists, the stock is kept for good; `released`: the stock
 * was given back (by the checkout's compensation or by the sweeper).
 */
export type ReservationState = 'live' | 'expired' | 'committed' | 'released';

/** The states the report filters on (`all`: every one). */
export const REPORT_STATES = ['live', 'expired', 'committed', 'released', 'all'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** A reservation as the API returns it. */
export interface Reservation {
  id: string;
  lines: ReservationLine[];
  /** Sum of the lines' quantities. */
  units: number;
  state: ReservationState;
  createdAt: string;
  expiresAt: string;
  committedAt: string | null;
  releasedAt: string | null;
}

/** A line that could not be reserved; `available` is 0 for an unknown product. */
export interface StockShortage {
  productId: number;
  requested: number;
  available: number;
}

/** Outcome of {@link StockReservationsDb.reserve}. */
export type ReserveResult =
  | { kind: 'created'; reservation: Reservation }
  | { kind: 'existing'; reservation: Reservation }
  | { kind: 'insufficient'; lines: StockShortage[] };

/** Outcome of {@link StockReservationsDb.commit}. */
export type CommitResult =
  /** `retaken`: it had been released, and its stock was taken again; `replayed`: it was already committed. */
  | { kind: 'committed'; reservation: Reservation; retaken: boolean; replayed: boolean }
  /** It had been released and some line is short now: nothing changed. */
  | { kind: 'insufficient'; reservation: Reservation; lines: StockShortage[] }
  | { kind: 'not-found' };

/** Outcome of {@link StockReservationsDb.release}. */
export type ReleaseResult =
  | { kind: 'released'; reservation: Reservation }
  | { kind: 'already-released'; reservation: Reservation }
  /** A committed reservation is never released: its order exists. */
  | { kind: 'committed'; reservation: Reservation }
  | { kind: 'not-found' };

/** What one sweep gave back. */
export interface SweepResult {
  /** Reservations released. */
  released: number;
  /** Units returned to stock. */
  units: number;
}

/** Filter of {@link StockReservationsDb.report}. */
export interface ReportQuery {
  /** Only reservations created at least this long before `now`. */
  olderThanMs: number;
  state: ReportState;
  now: Date;
  /** At most this many reservations (newest first). */
  limit: number;
}

/** Answer of {@link StockReservationsDb.report}. */
export interface ReservationReport {
  reservations: Reservation[];
  /** Over every matching reservation, also those beyond `limit`. */
  totals: { count: number; units: number };
  /** More reservations matched than `limit`. */
  truncated: boolean;
}

/** Answer of {@link StockReservationsDb.stockOverview}: read in one transaction. */
export interface StockOverview {
  products: Array<{ productId: number; stock: number }>;
  /** Units held by reservations that are neither committed nor released (expired but unswept included). */
  reserved: Array<{ productId: number; units: number }>;
}

/** Options of {@link StockReservationsDb}. */
export interface StockReservationsOptions {
  /** How long a new reservation holds stock before the sweeper may return it. */
  ttlMs?: number;
  /** The time when a method is called without `now` (tests pass a fake clock); the wall clock by default. */
  clock?: () => Date;
}

/** Reservations released per sweep transaction. */
export const SWEEP_BATCH_SIZE = 100;

interface ReservationRow {
  id: string;
  lines: string;
  createdAt: string;
  expiresAt: string;
  committedAt: string | null;
  releasedAt: string | null;
}

interface SaveParams {
  id: string;
  lines: string;
  createdAt: string;
  expiresAt: string;
}

interface ReportParams {
  cutoff: string;
  state: ReportState;
  now: string;
}

const ROW_COLUMNS = `id, lines, created_at AS createdAt, expires_at AS expiresAt,
  committed_at AS committedAt, released_at AS releasedAt`;

/** Reservations holding stock for a checkout: neither committed nor released. */
const HOLDING = 'released_at IS NULL AND committed_at IS NULL';

// One static filter for every state, switched by @state, so nothing from the request is spliced into SQL.
const REPORT_FILTER = `
  FROM stock_reservations
  WHERE created_at <= @cutoff
    AND (@state = 'all'
      OR (@state = 'committed' AND committed_at IS NOT NULL)
      OR (@state = 'released' AND released_at IS NOT NULL AND committed_at IS NULL)
      OR (@state = 'live' AND ${HOLDING} AND expires_at > @now)
      OR (@state = 'expired' AND ${HOLDING} AND expires_at <= @now))`;

function linesOf(row: ReservationRow): ReservationLine[] {
  return JSON.parse(row.lines) as ReservationLine[];
}

function unitsOf(lines: ReservationLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

function stateOf(row: ReservationRow, now: string): ReservationState {
  if (row.committedAt !== null) return 'committed';
  if (row.releasedAt !== null) return 'released';
  return row.expiresAt <= now ? 'expired' : 'live';
}

function toReservation(row: ReservationRow, now: Date): Reservation {
  const lines = linesOf(row);
  return {
    id: row.id,
    lines,
    units: unitsOf(lines),
    state: stateOf(row, now.toISOString()),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    committedAt: row.committedAt,
    releasedAt: row.releasedAt,
  };
}

/** Stock reservations on the catalog's connection: every change runs in one IMMEDIATE transaction. */
export class StockReservationsDb {
  /** How long a new reservation holds stock. */
  readonly ttlMs: number;
  /** The time methods called without `now` use. */
  readonly clock: () => Date;
  /** The catalog's connection (a consumer appends its events on it, in the same transaction). */
  readonly sqlite: Database.Database;
  private readonly byId: Database.Statement<[string], ReservationRow>;
  private readonly stockOf: Database.Statement<[number], number>;
  private readonly take: Database.Statement<[ReservationLine]>;
  private readonly giveBack: Database.Statement<[ReservationLine]>;
  private readonly save: Database.Statement<[SaveParams]>;
  private readonly markReleased: Database.Statement<[string, string]>;
  private readonly markCommitted: Database.Statement<[string, string]>;
  private readonly expiredBatch: Database.Statement<[string, number], ReservationRow>;
  private readonly reportRows: Database.Statement<[ReportParams & { limit: number }], ReservationRow>;
  private readonly reportTotals: Database.Statement<[ReportParams], { count: number; units: number }>;
  private readonly allStock: Database.Statement<[], { productId: number; stock: number }>;
  private readonly reservedUnits: Database.Statement<[], { productId: number; units: number }>;

  /** Prepares the statements; the table itself comes from the catalog's schema migration. */
  constructor(sqlite: Database.Database, opts: StockReservationsOptions = {}) {
    this.sqlite = sqlite;
    this.ttlMs = opts.ttlMs ?? RESERVATION_TTL.fallback;
    this.clock = opts.clock ?? (() => new Date());
    this.byId = sqlite.prepare(`SELECT ${ROW_COLUMNS} FROM stock_reservations WHERE id = ?`);
    this.stockOf = sqlite.prepare<[number], number>('SELECT stock FROM products WHERE id = ?').pluck();
    // The stock >= guard makes a bug elsewhere fail loudly instead of going negative.
    this.take = sqlite.prepare(`UPDATE products SET stock = stock - @quantity
        WHERE id = @productId AND stock >= @quantity`);
    this.giveBack = sqlite.prepare('UPDATE products SET stock = stock + @quantity WHERE id = @productId');
    // A released reservation may be taken again under the same id: it becomes live with the new lines.
    this.save = sqlite.prepare(
      `INSERT INTO stock_reservations (id, lines, created_at, expires_at, committed_at, released_at)
       VALUES (@id, @lines, @createdAt, @expiresAt, NULL, NULL)
       ON CONFLICT (id) DO UPDATE
         SET lines = excluded.lines, created_at = excluded.created_at, expires_at = excluded.expires_at,
             committed_at = NULL, released_at = NULL`,
    );
    this.markReleased = sqlite.prepare(
      `UPDATE stock_reservations SET released_at = ? WHERE id = ? AND ${HOLDING}`,
    );
    // Also for a released one whose stock was just taken again: it holds it now, for good.
    this.markCommitted = sqlite.prepare(
      'UPDATE stock_reservations SET committed_at = ?, released_at = NULL WHERE id = ? AND committed_at IS NULL',
    );
    this.expiredBatch = sqlite.prepare(
      `SELECT ${ROW_COLUMNS} FROM stock_reservations
        WHERE ${HOLDING} AND expires_at <= ? ORDER BY expires_at, id LIMIT ?`,
    );
    this.reportRows = sqlite.prepare(
      `SELECT ${ROW_COLUMNS} ${REPORT_FILTER} ORDER BY created_at DESC, id DESC LIMIT @limit`,
    );
    this.reportTotals = sqlite.prepare(
      `SELECT COUNT(*) AS count,
              COALESCE(SUM((SELECT SUM(json_extract(line.value, '$.quantity')) FROM json_each(lines) AS line)), 0)
                AS units
         ${REPORT_FILTER}`,
    );
    this.allStock = sqlite.prepare('SELECT id AS productId, stock FROM products ORDER BY id');
    this.reservedUnits = sqlite.prepare(
      `SELECT json_extract(line.value, '$.productId') AS productId,
              SUM(json_extract(line.value, '$.quantity')) AS units
         FROM stock_reservations AS r, json_each(r.lines) AS line
        WHERE r.released_at IS NULL AND r.committed_at IS NULL
        GROUP BY 1
        ORDER BY 1`,
    );
  }

  /** The lines of `lines` the stock cannot cover now (read inside the caller's transaction). */
  private shortages(lines: ReservationLine[]): StockShortage[] {
    const short: StockShortage[] = [];
    for (const line of lines) {
      const available = this.stockOf.get(line.productId) ?? 0;
      if (available < line.quantity) {
        short.push({ productId: line.productId, requested: line.quantity, available });
      }
    }
    return short;
  }

  /** Takes every line from stock; call only after {@link shortages} found none, in the same transaction. */
  private takeAll(lines: ReservationLine[]): void {
    for (const line of lines) {
      if (this.take.run({ productId: line.productId, quantity: line.quantity }).changes !== 1) {
        throw new Error(`stock of product ${line.productId} changed inside the reservation transaction`);
      }
    }
  }

  /**
   * Gives the stock of a holding reservation back, marks it released and publishes `StockReleased` (inside the
   * caller's transaction).
   */
  private releaseRow(row: ReservationRow, now: Date, reason: 'compensated' | 'expired'): number {
    const lines = linesOf(row);
    for (const line of lines) this.giveBack.run({ productId: line.productId, quantity: line.quantity });
    this.markReleased.run(now.toISOString(), row.id);
    this.publish(now, domainEvent('StockReleased', { reservationId: row.id, lines, reason }, row.id));
    return unitsOf(lines);
  }

  /** Appends one event to the outbox, in the transaction of the change (at the change's time). */
  private publish(now: Date, event: NewDomainEvent): void {
    appendEvents(this.sqlite, [{ ...event, occurredAt: now.toISOString() }]);
  }

  private reload(id: string, now: Date): Reservation {
    const row = this.byId.get(id);
    if (!row) throw new Error(`reservation ${id} vanished inside its transaction`);
    return toReservation(row, now);
  }

  /**
   * Reserves every line or none, until `now` + TTL. A reservation with the same id that was not released (live,
   * expired but not swept, or committed) is returned as it is (no second decrement), so the caller may retry
   * safely; a released one is taken again with the new lines.
   */
  reserve(
    id: string,
    lines: ReservationLine[],
    now: Date = this.clock(),
    causationId: string | null = null,
  ): ReserveResult {
    const run = this.sqlite.transaction((): ReserveResult => {
      const existing = this.byId.get(id);
      if (existing && existing.releasedAt === null) {
        return { kind: 'existing', reservation: toReservation(existing, now) };
      }
      const shortages = this.shortages(lines);
      if (shortages.length > 0) return { kind: 'insufficient', lines: shortages };
      this.takeAll(lines);
      const stored = lines.map((line) => ({ productId: line.productId, quantity: line.quantity }));
      this.save.run({
        id,
        lines: JSON.stringify(stored),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.ttlMs).toISOString(),
      });
      // The reservation id is the checkout id: it correlates the catalog's events with the cart's.
      this.publish(now, domainEvent('StockReserved', { reservationId: id, lines: stored }, id, causationId));
      return { kind: 'created', reservation: this.reload(id, now) };
    });
    // IMMEDIATE takes the write lock before reading stock, so two processes cannot both pass the check.
    return run.immediate();
  }

  /**
   * The order exists: keeps the stock for good. A live (or expired, unswept) reservation is marked committed; a
   * committed one is returned as it is; a released one takes its stock again when every line is available.
   */
  commit(id: string, now: Date = this.clock(), causationId: string | null = null): CommitResult {
    const run = this.sqlite.transaction((): CommitResult => {
      const existing = this.byId.get(id);
      if (!existing) return { kind: 'not-found' };
      if (existing.committedAt !== null) {
        return {
          kind: 'committed',
          reservation: toReservation(existing, now),
          retaken: false,
          replayed: true,
        };
      }
      const retaken = existing.releasedAt !== null;
      if (retaken) {
        const lines = linesOf(existing);
        const shortages = this.shortages(lines);
        if (shortages.length > 0) {
          return { kind: 'insufficient', reservation: toReservation(existing, now), lines: shortages };
        }
        this.takeAll(lines);
      }
      this.markCommitted.run(now.toISOString(), id);
      this.publish(now, domainEvent('StockCommitted', { reservationId: id, retaken }, id, causationId));
      return { kind: 'committed', reservation: this.reload(id, now), retaken, replayed: false };
    });
    return run.immediate();
  }

  /**
   * Gives the stock of a live (or expired, unswept) reservation back and marks it released. A released one is
   * left as it is (the stock returns once); a committed one is never released.
   */
  release(id: string, now: Date = this.clock()): ReleaseResult {
    const run = this.sqlite.transaction((): ReleaseResult => {
      const existing = this.byId.get(id);
      if (!existing) return { kind: 'not-found' };
      if (existing.committedAt !== null)
        return { kind: 'committed', reservation: toReservation(existing, now) };
      if (existing.releasedAt !== null) {
        return { kind: 'already-released', reservation: toReservation(existing, now) };
      }
      this.releaseRow(existing, now, 'compensated');
      return { kind: 'released', reservation: this.reload(id, now) };
    });
    return run.immediate();
  }

  /**
   * Releases every reservation that still holds stock and whose expiry is `now` or earlier, in batches of
   * {@link SWEEP_BATCH_SIZE} (one IMMEDIATE transaction each, so a long sweep never holds the write lock long).
   */
  sweepExpired(now: Date = this.clock()): SweepResult {
    const at = now.toISOString();
    const batch = this.sqlite.transaction((): SweepResult => {
      // Read inside the transaction: another process may have committed or released some meanwhile.
      const rows = this.expiredBatch.all(at, SWEEP_BATCH_SIZE);
      let units = 0;
      for (const row of rows) units += this.releaseRow(row, now, 'expired');
      return { released: rows.length, units };
    });
    const total: SweepResult = { released: 0, units: 0 };
    for (;;) {
      const done = batch.immediate();
      total.released += done.released;
      total.units += done.units;
      if (done.released < SWEEP_BATCH_SIZE) return total;
    }
  }

  /** Reservations created at least `olderThanMs` before `now` in `state`, newest first, with totals. */
  report(query: ReportQuery): ReservationReport {
    // Before the epoch nothing was created: a huge olderThan simply matches nothing.
    const cutoff = new Date(Math.max(0, query.now.getTime() - query.olderThanMs)).toISOString();
    const params: ReportParams = { cutoff, state: query.state, now: query.now.toISOString() };
    const read = this.sqlite.transaction((): ReservationReport => {
      const rows = this.reportRows.all({ ...params, limit: query.limit + 1 });
      const totals = this.reportTotals.get(params) ?? { count: 0, units: 0 };
      return {
        reservations: rows.slice(0, query.limit).map((row) => toReservation(row, query.now)),
        totals: { count: totals.count, units: totals.units },
        truncated: rows.length > query.limit,
      };
    });
    // A read transaction: rows and totals come from one snapshot.
    return read.deferred();
  }

  /** Stock of every product and units held per product by unsettled reservations, from one snapshot. */
  stockOverview(): StockOverview {
    const read = this.sqlite.transaction(
      (): StockOverview => ({ products: this.allStock.all(), reserved: this.reservedUnits.all() }),
    );
    return read.deferred();
  }

  /** The reservation with this id in any state (for tests and diagnostics). */
  find(id: string, now: Date = this.clock()): Reservation | undefined {
    const row = this.byId.get(id);
    return row ? toReservation(row, now) : undefined;
  }
}
