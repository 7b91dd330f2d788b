import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { fetchApi } from '../../../lib/api-client';
import type { ProductPage, ProductQuery } from '../types';
import { parseProducts } from './parse';

/** Builds the query string of `GET /api/catalog/products`, leaving out empty values. */
export function productsPath(query: ProductQuery): string {
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
export function getProducts(query: ProductQuery, signal?: AbortSignal): Promise<ApiResult<ProductPage>> {
  return fetchApi(
    productsPath(query),
    (body) => {
      const items = parseProducts(body.items);
      if (!items) return null;
      const num = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
      return {
        items,
        total: num(body.total, items.length),
        page: num(body.page, query.page ?? 1),
        pageSize: num(body.pageSize, query.pageSize ?? items.length),
      };
    },
    { signal },
  );
}

/** One page of products, refetched when the query changes and retried while degraded or unavailable. */
export function useProducts(query: ProductQuery): ApiResource<ProductPage> {
  const { q, category, sort, page, pageSize, featured } = query;
  const load = useCallback(
    (signal: AbortSignal) => getProducts({ q, category, sort, page, pageSize, featured }, signal),
    [q, category, sort, page, pageSize, featured],
  );
  return useApiResource(load);
}
