import { isObject } from '@storefront/remote-kit';
import type { Category, Product } from '../types';

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Reads one product from JSON; null when the essentials (id, slug, name, price) are missing. */
export function parseProduct(value: unknown): Product | null {
  if (!isObject(value)) return null;
  const id = typeof value.id === 'number' ? String(value.id) : str(value.id);
  const slug = str(value.slug);
  const name = str(value.name);
  if (!id || !slug || !name || typeof value.priceCents !== 'number') return null;
  return {
    id,
    slug,
    name,
    description: str(value.description),
    priceCents: value.priceCents,
    currency: str(value.currency, 'USD'),
    category: str(value.category),
    categoryName: str(value.categoryName, str(value.category)),
    imageUrl: str(value.imageUrl),
    stock: num(value.stock),
    featured: value.featured === true,
  };
}

/** Reads a list of products; null when it is not an array. */
export function parseProducts(value: unknown): Product[] | null {
  if (!Array.isArray(value)) return null;
  return value.map(parseProduct).filter((product): product is Product => product !== null);
}

/** Reads one category from JSON; null when it has no slug. */
export function parseCategory(value: unknown): Category | null {
  if (!isObject(value) || typeof value.slug !== 'string' || value.slug === '') return null;
  return { slug: value.slug, name: str(value.name, value.slug), productCount: num(value.productCount) };
}
