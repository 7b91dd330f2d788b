import { TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { catalogDbPath } from '../testing/catalog-app.js';
import { CatalogDb, fold } from './catalog-db.js';
import { seedIfEmpty } from './seed.js';
import { seedCategories, seedProducts } from './seed-data.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempPath(): string {
  const temp = catalogDbPath();
  cleanups.push(temp.cleanup);
  return temp.dbPath;
}

function countRows(dbPath: string): { products: number; distinctSlugs: number; categories: number } {
  const sqlite = new Database(dbPath, { readonly: true });
  try {
    const products = sqlite.prepare<[], number>('SELECT COUNT(*) FROM products').pluck().get() ?? 0;
    const distinctSlugs =
      sqlite.prepare<[], number>('SELECT COUNT(DISTINCT slug) FROM products').pluck().get() ?? 0;
    const categories = sqlite.prepare<[], number>('SELECT COUNT(*) FROM categories').pluck().get() ?? 0;
    return { products, distinctSlugs, categories };
  } finally {
    sqlite.close();
  }
}

describe('seed data', () => {
  it('has at least 48 products in 8 categories, with unique slugs and valid categories', () => {
    expect(seedProducts.length).toBeGreaterThanOrEqual(48);
    expect(seedCategories).toHaveLength(8);
    expect(new Set(seedProducts.map((p) => p.slug)).size).toBe(seedProducts.length);
    const categorySlugs = new Set(seedCategories.map((c) => c.slug));
    for (const product of seedProducts) {
      expect(categorySlugs.has(product.category), product.slug).toBe(true);
      expect(product.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(Number.isInteger(product.priceCents) && product.priceCents > 0).toBe(true);
      expect(Number.isNaN(Date.parse(product.createdAt))).toBe(false);
    }
    for (const category of seedCategories) {
      expect(
        seedProducts.some((p) => p.category === category.slug),
        category.slug,
      ).toBe(true);
    }
  });

  it('has some out-of-stock and about eight featured products', () => {
    expect(seedProducts.filter((p) => p.stock === 0).length).toBeGreaterThan(0);
    const featured = seedProducts.filter((p) => p.featured).length;
    expect(featured).toBeGreaterThanOrEqual(6);
    expect(featured).toBeLessThanOrEqual(10);
  });
});

describe('CatalogDb', () => {
  it('creates the folder, uses WAL mode and seeds an empty file', () => {
    const dbPath = tempPath().replace(/catalog\.db$/, 'nested/deeper/catalog.db');
    const db = new CatalogDb(dbPath);
    try {
      expect(db.journalMode()).toBe('wal');
      expect(db.seededProducts).toBe(seedProducts.length);
      expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
    // WAL is a property of the file, so a plain connection sees it too.
    const raw = new Database(dbPath);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('does not seed twice when started twice on the same file', async () => {
    const dbPath = tempPath();
    for (let start = 0; start < 2; start += 1) {
      const app = build({ dbPath, serviceSecret: TEST_SERVICE_SECRET });
      await app.ready();
      expect(app.db.seededProducts).toBe(start === 0 ? seedProducts.length : 0);
      const response = await app.inject({ method: 'GET', url: '/products?pageSize=48' });
      expect(JSON.parse(response.body).total).toBe(seedProducts.length);
      await app.close();
    }
    expect(countRows(dbPath)).toEqual({
      products: seedProducts.length,
      distinctSlugs: seedProducts.length,
      categories: seedCategories.length,
    });
  });

  it('seedIfEmpty is a no-op on a seeded database', () => {
    const dbPath = tempPath();
    const db = new CatalogDb(dbPath);
    try {
      expect(seedIfEmpty(db.sqlite)).toBe(0);
    } finally {
      db.close();
    }
    expect(countRows(dbPath).products).toBe(seedProducts.length);
  });

  it('closing twice is harmless', () => {
    const db = new CatalogDb(tempPath());
    db.close();
    expect(() => db.close()).not.toThrow();
  });
});

describe('fold', () => {
  it('ignores case and accents', () => {
    expect(fold('CAFÉ Crème')).toBe('cafe creme');
    expect(fold('Straße')).toBe('straße');
  });
});
