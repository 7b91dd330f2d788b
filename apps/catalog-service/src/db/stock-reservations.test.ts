import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogDbPath } from '../testing/catalog-app.js';
import { CatalogDb } from './catalog-db.js';
import { StockReservationsDb } from './stock-reservations.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function openDb(): { catalog: CatalogDb; reservations: StockReservationsDb; path: string } {
  const temp = catalogDbPath();
  const path = temp.dbPath;
  const catalog = new CatalogDb(path);
  cleanups.push(() => {
    catalog.close();
    temp.cleanup();
  });
  return { catalog, reservations: new StockReservationsDb(catalog.sqlite), path };
}

describe('StockReservationsDb', () => {
  it('stores the reservation row with its lines as JSON and no release time', () => {
    const { catalog, reservations } = openDb();
    catalog.sqlite.prepare('UPDATE products SET stock = 9 WHERE id = 4').run();
    const result = reservations.reserve(
      'row-check-1',
      [{ productId: 4, quantity: 2 }],
      new Date(Date.UTC(2030, 0, 1)),
    );
    expect(result.kind).toBe('created');
    const row = catalog.sqlite.prepare('SELECT * FROM stock_reservations WHERE id = ?').get('row-check-1');
    expect(row).toEqual({
      id: 'row-check-1',
      lines: '[{"productId":4,"quantity":2}]',
      created_at: '2030-01-01T00:00:00.000Z',
      released_at: null,
    });
    expect(catalog.findProductById(4)?.stock).toBe(7);
  });

  it('upgrades a version-1 database (no reservations table) on open', () => {
    const temp = catalogDbPath();
    cleanups.push(temp.cleanup);
    const path = temp.dbPath;
    new CatalogDb(path).close();
    const raw = new Database(path);
    raw.exec('DROP TABLE stock_reservations');
    raw.pragma('user_version = 1');
    raw.close();

    const reopened = new CatalogDb(path);
    try {
      const reservations = new StockReservationsDb(reopened.sqlite);
      reopened.sqlite.prepare('UPDATE products SET stock = 3 WHERE id = 1').run();
      expect(reservations.reserve('upgraded-1', [{ productId: 1, quantity: 1 }]).kind).toBe('created');
      expect(reopened.sqlite.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      reopened.close();
    }
  });

  it('sees reservations made by another connection to the same file (one transaction each)', () => {
    const { catalog, reservations, path } = openDb();
    catalog.sqlite.prepare('UPDATE products SET stock = 1 WHERE id = 5').run();
    const other = new CatalogDb(path);
    try {
      const fromOther = new StockReservationsDb(other.sqlite);
      expect(fromOther.reserve('first-proc', [{ productId: 5, quantity: 1 }]).kind).toBe('created');
      expect(reservations.reserve('second-proc', [{ productId: 5, quantity: 1 }])).toEqual({
        kind: 'insufficient',
        lines: [{ productId: 5, requested: 1, available: 0 }],
      });
    } finally {
      other.close();
    }
  });
});
