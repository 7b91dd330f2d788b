import { MAX_PAGE_SIZE, type Product } from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { getProducts } from './get-products';

/** Fetches up to `limit` featured products. */
export async function getFeaturedProducts(
  limit: number,
  signal?: AbortSignal,
): Promise<ApiResult<Product[]>> {
  const pageSize = Math.min(Math.max(Math.trunc(limit) || 1, 1), MAX_PAGE_SIZE);
  const result = await getProducts({ featured: true, pageSize }, signal);
  if (result.status === 'live' || result.status === 'degraded') {
    return { ...result, data: result.data.items.slice(0, pageSize) };
  }
  return result;
}

/** Up to `limit` featured products, retried while degraded or unavailable. */
export function useFeaturedProducts(limit: number): ApiResource<Product[]> {
  const load = useCallback((signal: AbortSignal) => getFeaturedProducts(limit, signal), [limit]);
  return useApiResource(load);
}
