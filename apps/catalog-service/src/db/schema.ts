import { applySchema } from '@storefront/service-kit/sqlite';
import type { Database } from 'better-sqlite3';

/** Bumped whenever the DDL below changes in a way old files need to follow. */
export const SCHEMA_VERSION = 2;

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
CREATE TABLE IF NOT EXISTS stock_reservations (
  id           TEXT PRIMARY KEY,
  lines        TEXT NOT NULL CHECK (json_valid(lines)),
  created_at   TEXT NOT NULL,
  released_at  TEXT NULL
);
`;

/** Creates the tables when missing (every statement is IF NOT EXISTS, so older files upgrade); safe on every start. */
export function migrate(db: Database): void {
  applySchema(db, SCHEMA_VERSION, DDL);
}
