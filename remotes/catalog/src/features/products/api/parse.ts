// Reads the catalog's answers field by field into the contract's types: an answer comes from another deployable,
// so a bad one is dropped (null) rather than trusted, and a field renamed in the contract fails to compile here.
import type { Category, Product } from '@storefront/contract/browser';
import { integerOrNull, isObject, stringOr, stringOrNull } from '@storefront/remote-kit';

/** Reads one product; null when the essentials (integer id, slug, name, price) are missing. */
export function parseProduct(value: unknown): Product | null {
  if (!isObject(value)) return null;
  const id = integerOrNull(value.id);
  const priceCents = integerOrNull(value.priceCents);
  const slug = stringOrNull(value.slug);
  const name = stringOrNull(value.name);
  if (id === null || priceCents === null || slug === null || name === null) return null;
  return {
    id,
    slug,
    name,
    description: stringOr(value.description),
    priceCents,
    currency: stringOr(value.currency, 'USD'),
    category: stringOr(value.category),
    categoryName: stringOr(value.categoryName, stringOr(value.category)),
    imageUrl: stringOrNull(value.imageUrl),
    stock: integerOrNull(value.stock) ?? 0,
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
  return {
    slug: value.slug,
    name: stringOr(value.name, value.slug),
    productCount: integerOrNull(value.productCount) ?? 0,
  };
}
