import { applySchema } from '@storefront/service-kit/sqlite';
import type { Database } from 'better-sqlite3';
import { RESERVATION_TTL } from '../lib/reservation-settings.js';

/** Bumped whenever the DDL below changes in a way old files need to follow. */
export const SCHEMA_VERSION = 3;

const DDL = `
CREATE TABLE IF NOT EXISTS categories (
  id    INTEGER PRIMARY KEY,
  slug  TEXT NOT NULL UNIQUE,
  name  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS products (
  id           INTEGER PRIMARY KEY,
  slug         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL,
  price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
  currency     TEXT NOT NULL DEFAULT 'EUR',
  category_id  INTEGER NOT NULL REFERENCES categories(id),
  stock        INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  featured     INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
  created_at   TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS products_category_idx ON products (category_id);
CREATE INDEX IF NOT EXISTS products_created_at_idx ON products (created_at);

-- Version 2: stock held for checkouts; lines is a JSON array of { productId, quantity }.
-- Version 3: expires_at (the sweeper returns the stock after it) and committed_at (the order exists: the stock
-- is kept for good). Both columns are nullable only because a version-2 file gains them with ALTER TABLE;
-- every row has an expires_at (the upgrade fills it in). Times are ISO-8601 UTC texts, so they compare as text.
CREATE TABLE IF NOT EXISTS stock_reservations (
  id            TEXT PRIMARY KEY,
  lines         TEXT NOT NULL CHECK (json_valid(lines)),
  created_at    TEXT NOT NULL,
  released_at   TEXT NULL,
  expires_at    TEXT NULL,
  committed_at  TEXT NULL
);

-- The sweeper's scan: only reservations still holding stock for a checkout.
CREATE INDEX IF NOT EXISTS stock_reservations_expiry_idx ON stock_reservations (expires_at)
  WHERE released_at IS NULL AND committed_at IS NULL;
-- The report: newest first.
CREATE INDEX IF NOT EXISTS stock_reservations_created_at_idx ON stock_reservations (created_at);
`;

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Expiry given to reservations of a version-2 file (created_at + this); defaults to the default TTL. */
  reservationTtlMs?: number;
}

/**
 * Version 2 → 3: adds the columns a version-2 `stock_reservations` lacks (each guarded by `PRAGMA table_info`,
 * so a half-upgraded file is finished), and gives rows without an expiry created_at + TTL.
 */
function upgradeReservations(db: Database, ttlMs: number): void {
  const columns = new Set(
    (db.pragma('table_info(stock_reservations)') as Array<{ name: string }>).map((column) => column.name),
  );
  // No table yet (a version-1 file): the DDL creates it with every column.
  if (columns.size === 0) return;
  if (!columns.has('expires_at')) db.exec('ALTER TABLE stock_reservations ADD COLUMN expires_at TEXT NULL');
  if (!columns.has('committed_at'))
    db.exec('ALTER TABLE stock_reservations ADD COLUMN committed_at TEXT NULL');
  const rows = db
    .prepare<[], { id: string; createdAt: string }>(
      'SELECT id, created_at AS createdAt FROM stock_reservations WHERE expires_at IS NULL',
    )
    .all();
  const setExpiry = db.prepare<[string, string]>('UPDATE stock_reservations SET expires_at = ? WHERE id = ?');
  for (const row of rows) {
    const created = Date.parse(row.createdAt);
    // An unreadable created_at (never written by this service) expires at once rather than never.
    const expiresAt = Number.isNaN(created) ? new Date(0) : new Date(created + ttlMs);
    setExpiry.run(expiresAt.toISOString(), row.id);
  }
}

/**
 * Creates the tables when missing (every statement is IF NOT EXISTS, so older files upgrade) and adds the
 * columns of later versions, in one IMMEDIATE transaction; a file already at {@link SCHEMA_VERSION} is left as is.
 */
export function migrate(db: Database, opts: MigrateOptions = {}): void {
  if (db.pragma('user_version', { simple: true }) === SCHEMA_VERSION) return;
  const ttlMs = opts.reservationTtlMs ?? RESERVATION_TTL.fallback;
  db.transaction(() => {
    // Before the DDL: its index on expires_at needs the column.
    upgradeReservations(db, ttlMs);
    // Nested: runs in a savepoint of this transaction, and sets user_version.
    applySchema(db, SCHEMA_VERSION, DDL);
  }).immediate();
}
