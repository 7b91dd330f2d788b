import type Database from 'better-sqlite3';

/** One reserved line. */
export interface ReservationLine {
  productId: number;
  quantity: number;
}

/** A reservation as the API returns it. */
export interface Reservation {
  id: string;
  lines: ReservationLine[];
  createdAt: string;
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

interface ReservationRow {
  id: string;
  lines: string;
  createdAt: string;
  releasedAt: string | null;
}

interface SaveParams {
  id: string;
  lines: string;
  createdAt: string;
}

function toReservation(row: ReservationRow): Reservation {
  return { id: row.id, lines: JSON.parse(row.lines) as ReservationLine[], createdAt: row.createdAt };
}

/** Stock reservations on the catalog's connection: every change runs in one IMMEDIATE transaction. */
export class StockReservationsDb {
  private readonly sqlite: Database.Database;
  private readonly byId: Database.Statement<[string], ReservationRow>;
  private readonly stockOf: Database.Statement<[number], number>;
  private readonly take: Database.Statement<[ReservationLine]>;
  private readonly giveBack: Database.Statement<[ReservationLine]>;
  private readonly save: Database.Statement<[SaveParams]>;
  private readonly markReleased: Database.Statement<[string, string]>;

  /** Prepares the statements; the table itself comes from the catalog's schema migration. */
  constructor(sqlite: Database.Database) {
    this.sqlite = sqlite;
    this.byId = sqlite.prepare(
      `SELECT id, lines, created_at AS createdAt, released_at AS releasedAt
         FROM stock_reservations WHERE id = ?`,
    );
    this.stockOf = sqlite.prepare<[number], number>('SELECT stock FROM products WHERE id = ?').pluck();
    // The stock >= guard makes a bug elsewhere fail loudly instead of going negative.
    this.take = sqlite.prepare(`UPDATE products SET stock = stock - @quantity
        WHERE id = @productId AND stock >= @quantity`);
    this.giveBack = sqlite.prepare('UPDATE products SET stock = stock + @quantity WHERE id = @productId');
    // A released reservation may be taken again under the same id: it becomes live with the new lines.
    this.save = sqlite.prepare(
      `INSERT INTO stock_reservations (id, lines, created_at, released_at)
       VALUES (@id, @lines, @createdAt, NULL)
       ON CONFLICT (id) DO UPDATE
         SET lines = excluded.lines, created_at = excluded.created_at, released_at = NULL`,
    );
    this.markReleased = sqlite.prepare(
      'UPDATE stock_reservations SET released_at = ? WHERE id = ? AND released_at IS NULL',
    );
  }

  /**
   * Reserves every line or none. A live reservation with the same id is returned as it is (no second
   * decrement), so the caller may retry safely.
   */
  reserve(id: string, lines: ReservationLine[], now: Date = new Date()): ReserveResult {
    const run = this.sqlite.transaction((): ReserveResult => {
      const existing = this.byId.get(id);
      if (existing && existing.releasedAt === null) {
        return { kind: 'existing', reservation: toReservation(existing) };
      }
      const shortages: StockShortage[] = [];
      for (const line of lines) {
        const available = this.stockOf.get(line.productId) ?? 0;
        if (available < line.quantity) {
          shortages.push({ productId: line.productId, requested: line.quantity, available });
        }
      }
      if (shortages.length > 0) return { kind: 'insufficient', lines: shortages };
      for (const line of lines) {
        if (this.take.run({ productId: line.productId, quantity: line.quantity }).changes !== 1) {
          throw new Error(`stock of product ${line.productId} changed inside the reservation transaction`);
        }
      }
      const stored = lines.map((line) => ({ productId: line.productId, quantity: line.quantity }));
      const createdAt = now.toISOString();
      this.save.run({ id, lines: JSON.stringify(stored), createdAt });
      return { kind: 'created', reservation: { id, lines: stored, createdAt } };
    });
    // IMMEDIATE takes the write lock before reading stock, so two processes cannot both pass the check.
    return run.immediate();
  }

  /** Returns the stock of a live reservation and marks it released; unknown or released ids do nothing. */
  release(id: string, now: Date = new Date()): boolean {
    const run = this.sqlite.transaction((): boolean => {
      const existing = this.byId.get(id);
      if (!existing || existing.releasedAt !== null) return false;
      for (const line of toReservation(existing).lines) this.giveBack.run(line);
      this.markReleased.run(now.toISOString(), id);
      return true;
    });
    return run.immediate();
  }

  /** The reservation with this id, released or not (for tests and diagnostics). */
  find(id: string): (Reservation & { releasedAt: string | null }) | undefined {
    const row = this.byId.get(id);
    return row ? { ...toReservation(row), releasedAt: row.releasedAt } : undefined;
  }
}
