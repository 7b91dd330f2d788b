import type { Database } from 'better-sqlite3';
import { type SeedCategory, type SeedProduct, seedCategories, seedProducts } from './seed-data.js';

/** Rows bound to the product insert; booleans become 0/1 because SQLite has no boolean type. */
interface ProductInsert {
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  category: string;
  stock: number;
  featured: 0 | 1;
  createdAt: string;
}

/**
 * Fills an empty catalog with the seed data and returns how many products were inserted (0 if it already
 * had products). The check and the inserts share one IMMEDIATE transaction, so two processes starting on the
 * same file cannot both seed; `ON CONFLICT DO NOTHING` keeps a partial old seed from producing duplicates.
 */
export function seedIfEmpty(
  db: Database,
  categories: readonly SeedCategory[] = seedCategories,
  products: readonly SeedProduct[] = seedProducts,
): number {
  const countProducts = db.prepare<[], number>('SELECT COUNT(*) FROM products').pluck();
  const insertCategory = db.prepare<[SeedCategory]>(
    'INSERT INTO categories (slug, name) VALUES (@slug, @name) ON CONFLICT (slug) DO NOTHING',
  );
  const insertProduct = db.prepare<[ProductInsert]>(
    `INSERT INTO products (slug, name, description, price_cents, currency, category_id, stock, featured, created_at)
     SELECT @slug, @name, @description, @priceCents, 'EUR', c.id, @stock, @featured, @createdAt
       FROM categories c WHERE c.slug = @category
     ON CONFLICT (slug) DO NOTHING`,
  );

  const run = db.transaction((): number => {
    if ((countProducts.get() ?? 0) > 0) return 0;
    for (const category of categories) insertCategory.run({ slug: category.slug, name: category.name });
    let inserted = 0;
    for (const product of products) {
      const result = insertProduct.run({
        slug: product.slug,
        name: product.name,
        description: product.description,
        priceCents: product.priceCents,
        category: product.category,
        stock: product.stock,
        featured: product.featured ? 1 : 0,
        createdAt: product.createdAt,
      });
      inserted += result.changes;
    }
    return inserted;
  });
  return run.immediate();
}
