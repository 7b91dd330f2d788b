// Reads the catalog's answers field by field into the contract's types: an answer comes from another deployable,
// so a bad one is dropped (null) rather than trusted, and a field renamed in the contract fails to compile here.
import type { Category, Product } from '@storefront/contract/browser';
import { isObject } from '@storefront/remote-kit';

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const int = (value: unknown, fallback = 0): number => (isInteger(value) ? value : fallback);

/** Reads one product; null when the essentials (integer id, slug, name, price) are missing. */
export function parseProduct(value: unknown): Product | null {
  if (!isObject(value)) return null;
  const { id, slug, name, priceCents } = value;
  if (!isInteger(id) || !isInteger(priceCents) || typeof slug !== 'string' || typeof name !== 'string') {
    return null;
  }
  if (slug === '' || name === '') return null;
  return {
    id,
    slug,
    name,
    description: str(value.description),
    priceCents,
    currency: str(value.currency, 'USD'),
    category: str(value.category),
    categoryName: str(value.categoryName, str(value.category)),
    imageUrl: typeof value.imageUrl === 'string' && value.imageUrl !== '' ? value.imageUrl : null,
    stock: int(value.stock),
    featured: value.featured === true,
  };
}

/** Reads a list of products, dropping the ones that do not fit; null when it is not an array. */
export function parseProducts(value: unknown): Product[] | null {
  if (!Array.isArray(value)) return null;
  return value.map(parseProduct).filter((product): product is Product => product !== null);
}

/** Reads one category; null when it has no slug. */
export function parseCategory(value: unknown): Category | null {
  if (!isObject(value) || typeof value.slug !== 'string' || value.slug === '') return null;
  return { slug: value.slug, name: str(value.name, value.slug), productCount: int(value.productCount) };
}
