import { join } from 'node:path';
import { tempDir } from '@storefront/service-kit/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CartDb } from './cart-db.js';
import { SCHEMA_VERSION } from './schema.js';

let temp: ReturnType<typeof tempDir>;
let dbPath: string;

beforeEach(() => {
  temp = tempDir('cart-schema');
  dbPath = join(temp.dir, 'cart.db');
});

afterEach(() => temp.cleanup());

// The version 2 tables an upgrade meets (issue 11's file), as they were written then.
const V2_DDL = `
CREATE TABLE orders (
  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, checkout_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'placed' CHECK (status IN ('placed')),
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0), currency TEXT NOT NULL,
  item_count INTEGER NOT NULL CHECK (item_count > 0), shipping_address TEXT, created_at TEXT NOT NULL
);
CREATE TABLE order_lines (
  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE, position INTEGER NOT NULL,
  product_id INTEGER NOT NULL, name TEXT NOT NULL, unit_price_cents INTEGER NOT NULL, currency TEXT NOT NULL,
  quantity INTEGER NOT NULL, line_total_cents INTEGER NOT NULL, PRIMARY KEY (order_id, position)
);
CREATE TABLE checkouts (
  id TEXT PRIMARY KEY, user_id INTEGER NOT NULL, state TEXT NOT NULL, address_fingerprint TEXT NOT NULL,
  shipping_address TEXT, lines TEXT, cart_version INTEGER, order_id INTEGER, error TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
INSERT INTO orders VALUES (7, 1, 'chk_old_1', 'placed', 1200, 'EUR', 2, NULL, '2030-01-01T00:00:00.000Z');
INSERT INTO order_lines VALUES (7, 0, 3, 'Mug', 600, 'EUR', 2, 1200);
INSERT INTO checkouts VALUES ('chk_old_1', 1, 'completed', 'f', NULL, NULL, NULL, 7, NULL,
  '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z');
PRAGMA user_version = 2;
`;

describe('cart schema upgrade 2 → 3', () => {
  it('keeps every order and line, lets orders be pending, and marks old checkouts orchestrated', () => {
    const old = new Database(dbPath);
    old.exec(V2_DDL);
    old.close();

    const db = new CartDb(dbPath);
    try {
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.getOrder(1, 7)).toMatchObject({
        id: 7,
        status: 'placed',
        rejection: null,
        updatedAt: '2030-01-01T00:00:00.000Z',
        lines: [{ productId: 3, quantity: 2, lineTotalCents: 1200 }],
      });
      expect(db.checkouts.get('chk_old_1', 1)).toMatchObject({ state: 'completed', mode: 'orchestrated' });
      // The new statuses are accepted; foreign keys are back on (a line needs its order).
      db.sqlite.prepare("UPDATE orders SET status = 'pending' WHERE id = 7").run();
      expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(() =>
        db.sqlite.prepare("INSERT INTO order_lines VALUES (99, 0, 3, 'Mug', 600, 'EUR', 1, 600)").run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });
});
