import { createConsumerTables } from '@storefront/service-kit/events';
import { createOutbox, SqliteDatabase } from '@storefront/service-kit/sqlite';
import type Database from 'better-sqlite3';
import { type MigrateOptions, migrate } from './schema.js';
import { seedIfEmpty } from './seed.js';
import type { CategorySummary, Product, ProductPage, ProductQuery, SortKey } from './types.js';

/** A product row exactly as the SELECT below returns it. */
interface ProductRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  category: string;
  categoryName: string;
  stock: number;
  featured: number;
  createdAt: string;
}

/** Named parameters shared by the listing and count statements; `null` means "no filter". */
interface FilterParams {
  q: string | null;
  category: string | null;
  featured: 0 | 1 | null;
}

interface PageParams extends FilterParams {
  limit: number;
  offset: number;
}

const PRODUCT_COLUMNS = `
  p.id, p.slug, p.name, p.description, p.price_cents AS priceCents, p.currency,
  c.slug AS category, c.name AS categoryName, p.stock, p.featured, p.created_at AS createdAt`;

// Every filter is always present and switched off with NULL, so one static statement per sort order covers
// every combination and nothing from the request is ever spliced into SQL.
const FILTERED_PRODUCTS = `
  FROM products p JOIN categories c ON c.id = p.category_id
  WHERE (@category IS NULL OR c.slug = @category)
    AND (@featured IS NULL OR p.featured = @featured)
    AND (@q IS NULL OR instr(fold(p.name), @q) > 0 OR instr(fold(p.description), @q) > 0)`;

// Whitelisted ORDER BY clauses; ties are broken by id so that pages never overlap or skip rows.
const ORDER_BY: Record<SortKey, string> = {
  'name-asc': 'fold(p.name) ASC, p.id ASC',
  'name-desc': 'fold(p.name) DESC, p.id DESC',
  'price-asc': 'p.price_cents ASC, fold(p.name) ASC, p.id ASC',
  'price-desc': 'p.price_cents DESC, fold(p.name) ASC, p.id ASC',
  newest: 'p.created_at DESC, p.id DESC',
};

/**
 * Case- and accent-insensitive form of a text. SQLite's own LIKE/lower() only fold ASCII, which would miss
 * e.g. "CAFÉ" vs "Café", so search and name sorting go through this JS function instead.
 */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    priceCents: row.priceCents,
    currency: row.currency,
    category: row.category,
    categoryName: row.categoryName,
    image: `/images/${row.slug}.svg`,
    stock: row.stock,
    featured: row.featured === 1,
    createdAt: row.createdAt,
  };
}

/** The catalog's SQLite database: opened in WAL mode, migrated and seeded, with prepared queries. */
export class CatalogDb extends SqliteDatabase {
  /** Products inserted by the seed during this open (0 when the file already had data). */
  readonly seededProducts: number;

  private readonly listStatements: Record<SortKey, Database.Statement<[PageParams], ProductRow>>;
  private readonly countStatement: Database.Statement<[FilterParams], number>;
  private readonly byIdStatement: Database.Statement<[number], ProductRow>;
  private readonly bySlugStatement: Database.Statement<[string], ProductRow>;
  private readonly categoryExistsStatement: Database.Statement<[string], number>;
  private readonly categoriesStatement: Database.Statement<[], CategorySummary>;

  /**
   * Opens (creating folder and file if needed) the database at `path`; `reservationTtlMs` gives reservations of
   * an older file their expiry when it is upgraded.
   */
  constructor(path: string, opts: MigrateOptions = {}) {
    let seeded = 0;
    super(path, {
      // Search and name sorting call fold() from SQL.
      setup: (sqlite) =>
        sqlite.function('fold', { deterministic: true }, (value: unknown) =>
          typeof value === 'string' ? fold(value) : value,
        ),
      // Seeding runs with the migration so that a failed seed closes the connection like a failed migration.
      migrate: (sqlite) => {
        migrate(sqlite, opts);
        seeded = seedIfEmpty(sqlite);
        // The catalog's domain events (StockReserved…), written with each change (docs/domain.md).
        createOutbox(sqlite);
        // What the catalog consumes (the cart's order events, for choreographed orders) and where it stands.
        createConsumerTables(sqlite);
      },
    });
    this.seededProducts = seeded;
    const { sqlite } = this;

    const list = (sort: SortKey) =>
      sqlite.prepare<[PageParams], ProductRow>(
        `SELECT ${PRODUCT_COLUMNS} ${FILTERED_PRODUCTS} ORDER BY ${ORDER_BY[sort]} LIMIT @limit OFFSET @offset`,
      );
    this.listStatements = {
      'name-asc': list('name-asc'),
      'name-desc': list('name-desc'),
      'price-asc': list('price-asc'),
      'price-desc': list('price-desc'),
      newest: list('newest'),
    };
    this.countStatement = sqlite
      .prepare<[FilterParams], number>(`SELECT COUNT(*) ${FILTERED_PRODUCTS}`)
      .pluck();
    this.byIdStatement = sqlite.prepare<[number], ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ?`,
    );
    this.bySlugStatement = sqlite.prepare<[string], ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE p.slug = ?`,
    );
    this.categoryExistsStatement = sqlite
      .prepare<[string], number>('SELECT EXISTS (SELECT 1 FROM categories WHERE slug = ?)')
      .pluck();
    this.categoriesStatement = sqlite.prepare<[], CategorySummary>(
      `SELECT c.slug, c.name, COUNT(p.id) AS productCount
         FROM categories c LEFT JOIN products p ON p.category_id = c.id
        GROUP BY c.id
        ORDER BY fold(c.name) ASC, c.slug ASC`,
    );
  }

  /** One page of products matching the query, plus the total number of matches. */
  listProducts(query: ProductQuery): ProductPage {
    const q = query.q?.trim();
    const filters: FilterParams = {
      q: q ? fold(q) : null,
      category: query.category || null,
      featured: query.featured === undefined ? null : query.featured ? 1 : 0,
    };
    const total = this.countStatement.get(filters) ?? 0;
    const offset = (query.page - 1) * query.pageSize;
    // Skip the second query when the page is past the end: it could only return nothing.
    const rows =
      offset < total
        ? this.listStatements[query.sort].all({ ...filters, limit: query.pageSize, offset })
        : [];
    return { items: rows.map(toProduct), total };
  }

  /** The product with this id, if any. */
  findProductById(id: number): Product | undefined {
    const row = this.byIdStatement.get(id);
    return row ? toProduct(row) : undefined;
  }

  /** The product with this slug, if any. */
  findProductBySlug(slug: string): Product | undefined {
    const row = this.bySlugStatement.get(slug);
    return row ? toProduct(row) : undefined;
  }

  /** Whether a category with this slug exists. */
  categoryExists(slug: string): boolean {
    return this.categoryExistsStatement.get(slug) === 1;
  }

  /** Every category with its product count, ordered by name. */
  listCategories(): CategorySummary[] {
    return this.categoriesStatement.all();
  }
}
