import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import type { Product } from '../types';
import { getProducts } from './get-products';

/** Most featured products the BFF serves in one page. */
const MAX_LIMIT = 48;

/** Fetches up to `limit` featured products. */
export async function getFeaturedProducts(
  limit: number,
  signal?: AbortSignal,
): Promise<ApiResult<Product[]>> {
  const pageSize = Math.min(Math.max(Math.trunc(limit) || 1, 1), MAX_LIMIT);
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
