import { join } from 'node:path';
import { tempDir } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../testing/fixtures.js';
import { CartDb } from './cart-db.js';

let temp: ReturnType<typeof tempDir>;
let db: CartDb;

beforeEach(() => {
  temp = tempDir('cart-service');
  db = new CartDb(join(temp.dir, 'cart.db'));
});

afterEach(() => {
  db.close();
  temp.cleanup();
});

/** Makes SQLite abort any insert of product 666 into `table`, to fail a transaction half-way. */
function failInsertsOf666(table: 'order_lines' | 'cart_lines'): void {
  db.sqlite.exec(`CREATE TRIGGER fail_666 BEFORE INSERT ON ${table} WHEN NEW.product_id = 666
    BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
}

describe('CartDb transactions', () => {
  it('rolls back the whole order (order row, lines, cart clearing) when one line fails', () => {
    db.putLine('user:1', 7, { quantity: 2, mode: 'add', snapshot: snapshot() });
    failInsertsOf666('order_lines');
    const line = { name: 'x', unitPriceCents: 100, currency: 'EUR', quantity: 1 };
    db.checkouts.open('checkout-rollback', 1, null);
    db.checkouts.transition('checkout-rollback', 1, {
      from: ['open'],
      to: 'reserving',
      lines: [{ ...line, productId: 7 }],
      cartVersion: 1,
    });
    expect(() =>
      db.createOrder(1, 'user:1', {
        checkoutId: 'checkout-rollback',
        lines: [
          { ...line, productId: 7 },
          { ...line, productId: 666 },
        ],
        shippingAddress: null,
        expectedCartVersion: 1,
      }),
    ).toThrow('injected failure');
    expect(db.sqlite.prepare('SELECT COUNT(*) FROM orders').pluck().get()).toBe(0);
    expect(db.sqlite.prepare('SELECT COUNT(*) FROM order_lines').pluck().get()).toBe(0);
    expect(db.getCart('user:1')).toMatchObject({ itemCount: 2, version: 1 });
    expect(db.getOrderByCheckout(1, 'checkout-rollback')).toBeUndefined();
    // The checkout's step to `ordered` is in the same transaction: it rolled back too.
    expect(db.checkouts.get('checkout-rollback', 1)).toMatchObject({ state: 'reserving', orderId: null });
  });

  it('rolls back a merge half-way: the anonymous cart survives and the user cart is unchanged', () => {
    db.putLine('user:1', 7, { quantity: 1, mode: 'add', snapshot: snapshot() });
    db.putLine('anon:abcdefghijklmnop', 7, { quantity: 1, mode: 'add', snapshot: snapshot() });
    db.putLine('anon:abcdefghijklmnop', 666, { quantity: 1, mode: 'add', snapshot: snapshot() });
    failInsertsOf666('cart_lines');
    expect(() => db.merge('user:1', 'anon:abcdefghijklmnop')).toThrow('injected failure');
    expect(db.getCart('user:1')).toMatchObject({ itemCount: 1, version: 1 });
    expect(db.getCart('anon:abcdefghijklmnop').itemCount).toBe(2);
  });

  it('creates the database folder when missing', () => {
    const nested = new CartDb(`${temp.dir}/a/b/cart.db`);
    expect(nested.journalMode()).toBe('wal');
    nested.close();
  });
});
