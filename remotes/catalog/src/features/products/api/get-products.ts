import {
  PRODUCT_SORTS,
  type ProductPageAnswer,
  type ProductSort,
  type ProductsQuery,
} from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, integerOrNull, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { parseProducts } from './parse';

/** One page of products: the answer without its `meta` (the client reads that). */
export type ProductPage = Omit<ProductPageAnswer, 'meta'>;

/** Tells whether a string (e.g. from the URL) is a sort order the BFF knows. */
export function isProductSort(value: unknown): value is ProductSort {
  return PRODUCT_SORTS.some((sort) => sort === value);
}

/** Builds the query string of `GET /api/catalog/products`, leaving out empty values. */
export function productsPath(query: ProductsQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.category) params.set('category', query.category);
  if (query.sort) params.set('sort', query.sort);
  if (query.page) params.set('page', String(query.page));
  if (query.pageSize) params.set('pageSize', String(query.pageSize));
  if (query.featured !== undefined) params.set('featured', String(query.featured));
  const search = params.toString();
  return `/api/catalog/products${search ? `?${search}` : ''}`;
}

/** Fetches one page of products. */
export function getProducts(query: ProductsQuery, signal?: AbortSignal): Promise<ApiResult<ProductPage>> {
  return fetchApi(
    productsPath(query),
    (body): ProductPage | null => {
      const items = parseProducts(body.items);
      if (!items) return null;
      return {
        items,
        total: integerOrNull(body.total) ?? items.length,
        page: integerOrNull(body.page) ?? query.page ?? 1,
        pageSize: integerOrNull(body.pageSize) ?? query.pageSize ?? items.length,
      };
    },
    { signal },
  );
}

/** One page of products, refetched when the query changes and retried while degraded or unavailable. */
export function useProducts(query: ProductsQuery): ApiResource<ProductPage> {
  const { q, category, sort, page, pageSize, featured } = query;
  const load = useCallback(
    (signal: AbortSignal) => getProducts({ q, category, sort, page, pageSize, featured }, signal),
    [q, category, sort, page, pageSize, featured],
  );
  return useApiResource(load);
}
