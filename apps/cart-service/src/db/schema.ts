import { applySchema } from '@storefront/service-kit/sqlite';
import type { Database } from 'better-sqlite3';

/**
 * Bumped whenever the DDL below changes in a way existing files must follow. Every statement is IF NOT EXISTS, so
 * a new table or index only needs the bump; changing an existing table needs a real migration step.
 * 1: carts, cart lines, orders. 2: checkouts (issue 11). The ledger creates `idempotency_keys` itself.
 */
export const SCHEMA_VERSION = 2;

const DDL = `
CREATE TABLE IF NOT EXISTS carts (
  id          INTEGER PRIMARY KEY,
  owner_key   TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS cart_lines (
  cart_id           INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
  product_id        INTEGER NOT NULL,
  quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  name              TEXT NOT NULL,
  slug              TEXT NOT NULL,
  image             TEXT NOT NULL,
  unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  currency          TEXT NOT NULL,
  stock_snapshot    INTEGER NOT NULL CHECK (stock_snapshot >= 0),
  added_at          TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (cart_id, product_id)
);

CREATE TABLE IF NOT EXISTS orders (
  id                INTEGER PRIMARY KEY,
  user_id           INTEGER NOT NULL,
  checkout_id       TEXT NOT NULL UNIQUE,
  status            TEXT NOT NULL DEFAULT 'placed' CHECK (status IN ('placed')),
  total_cents       INTEGER NOT NULL CHECK (total_cents >= 0),
  currency          TEXT NOT NULL,
  item_count        INTEGER NOT NULL CHECK (item_count > 0),
  shipping_address  TEXT,
  created_at        TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS orders_user_idx ON orders (user_id, id);

CREATE TABLE IF NOT EXISTS order_lines (
  order_id          INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  product_id        INTEGER NOT NULL,
  name              TEXT NOT NULL,
  unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  currency          TEXT NOT NULL,
  quantity          INTEGER NOT NULL CHECK (quantity > 0),
  line_total_cents  INTEGER NOT NULL,
  PRIMARY KEY (order_id, position)
);

CREATE TABLE IF NOT EXISTS checkouts (
  id                   TEXT PRIMARY KEY,
  user_id              INTEGER NOT NULL,
  state                TEXT NOT NULL
                         CHECK (state IN ('open', 'reserving', 'releasing', 'ordered', 'completed', 'failed')),
  address_fingerprint  TEXT NOT NULL,
  shipping_address     TEXT,
  lines                TEXT,
  cart_version         INTEGER CHECK (cart_version >= 0),
  order_id             INTEGER,
  error                TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS checkouts_state_age_idx ON checkouts (state, updated_at);
`;

/** Creates the tables when missing; safe on every start. */
export function migrate(db: Database): void {
  applySchema(db, SCHEMA_VERSION, DDL);
}
