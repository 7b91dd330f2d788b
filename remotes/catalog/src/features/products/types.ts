/** A product as the BFF returns it. */
export interface Product {
  id: string;
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  category: string;
  categoryName: string;
  imageUrl: string;
  stock: number;
  featured: boolean;
}

/** A product category with its number of products. */
export interface Category {
  slug: string;
  name: string;
  productCount: number;
}

/** Sort orders of `GET /api/catalog/products`. */
export const productSorts = ['name-asc', 'name-desc', 'price-asc', 'price-desc', 'newest'] as const;
export type ProductSort = (typeof productSorts)[number];

/** Tells whether a string (e.g. from the URL) is a sort order. */
export function isProductSort(value: unknown): value is ProductSort {
  return typeof value === 'string' && (productSorts as readonly string[]).includes(value);
}

/** Query of the product list; empty or missing values are left out of the request. */
export interface ProductQuery {
  q?: string;
  category?: string;
  sort?: ProductSort;
  page?: number;
  pageSize?: number;
  featured?: boolean;
}

/** One page of products. */
export interface ProductPage {
  items: Product[];
  total: number;
  page: number;
  pageSize: number;
}
