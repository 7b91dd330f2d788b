import { applySchema } from '@storefront/service-kit/sqlite';
import type { Database } from 'better-sqlite3';

/**
 * Bumped whenever the DDL below changes in a way existing files must follow. Every statement is IF NOT EXISTS, so
 * a new table or index only needs the bump; changing an existing table needs a real migration step.
 * 1: carts, cart lines, orders. 2: checkouts (issue 11). 3: order statuses of the choreographed checkout, the
 * checkout's mode and the settings (issue 13; see upgradeToV3). The ledger, the outbox and the consumers create
 * their tables themselves.
 */
export const SCHEMA_VERSION = 3;

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
  status            TEXT NOT NULL DEFAULT 'placed'
                      CHECK (status IN ('placed', 'pending', 'confirmed', 'rejected')),
  rejection         TEXT CHECK (rejection IS NULL OR json_valid(rejection)),
  total_cents       INTEGER NOT NULL CHECK (total_cents >= 0),
  currency          TEXT NOT NULL,
  item_count        INTEGER NOT NULL CHECK (item_count > 0),
  shipping_address  TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
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
  mode                 TEXT NOT NULL DEFAULT 'orchestrated' CHECK (mode IN ('orchestrated', 'choreographed')),
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

CREATE TABLE IF NOT EXISTS settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
`;

const V2_ORDERS_COPY = `
INSERT INTO orders_v3 (id, user_id, checkout_id, status, rejection, total_cents, currency, item_count,
  shipping_address, created_at, updated_at)
SELECT id, user_id, checkout_id, status, NULL, total_cents, currency, item_count, shipping_address, created_at,
  created_at
FROM orders;
`;

/**
 * Version 2 → 3: `orders.status` accepts the choreographed statuses (a CHECK cannot be altered in SQLite: the
 * table is rebuilt and its rows copied, ids kept) and gains `rejection` and `updated_at`; `checkouts` gains `mode`
 * (existing records were orchestrated). Foreign keys are off meanwhile so that dropping the old `orders` does not
 * cascade to `order_lines`; the check afterwards proves every line still has its order.
 */
function upgradeToV3(db: Database): void {
  const columns = (table: string) =>
    new Set((db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((column) => column.name));
  const orders = columns('orders');
  if (orders.size === 0 || orders.has('updated_at')) return;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      const create = DDL.slice(DDL.indexOf('CREATE TABLE IF NOT EXISTS orders ('));
      const ordersDdl = create
        .slice(0, create.indexOf(');') + 2)
        .replace('IF NOT EXISTS orders (', 'orders_v3 (');
      db.exec(ordersDdl);
      db.exec(V2_ORDERS_COPY);
      db.exec('DROP TABLE orders; ALTER TABLE orders_v3 RENAME TO orders;');
      if (!columns('checkouts').has('mode')) {
        db.exec(
          "ALTER TABLE checkouts ADD COLUMN mode TEXT NOT NULL DEFAULT 'orchestrated' CHECK (mode IN ('orchestrated', 'choreographed'))",
        );
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`orders upgrade broke ${broken.length} foreign keys`);
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/** Creates the tables when missing and upgrades older files; safe on every start. */
export function migrate(db: Database): void {
  if (db.pragma('user_version', { simple: true }) === SCHEMA_VERSION) return;
  upgradeToV3(db);
  applySchema(db, SCHEMA_VERSION, DDL);
}
