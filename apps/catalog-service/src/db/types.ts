/** Sort orders accepted by `GET /products`. */
export const SORT_KEYS = ['name-asc', 'name-desc', 'price-asc', 'price-desc', 'newest'] as const;

/** One of the accepted sort orders. */
export type SortKey = (typeof SORT_KEYS)[number];

/** A product as the catalog API returns it. */
export interface Product {
  id: number;
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  category: string;
  categoryName: string;
  image: string;
  stock: number;
  featured: boolean;
  createdAt: string;
}

/** A category with the number of products in it. */
export interface CategorySummary {
  slug: string;
  name: string;
  productCount: number;
}

/** Filters, sort and page for a product listing; all values already validated. */
export interface ProductQuery {
  q?: string;
  category?: string;
  featured?: boolean;
  sort: SortKey;
  page: number;
  pageSize: number;
}

/** One page of a product listing; `total` counts every match, not just this page. */
export interface ProductPage {
  items: Product[];
  total: number;
}
