import type { Product } from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { parseProduct } from './parse';

/** Fetches one product by id or slug; a missing one is an `error` with `httpStatus` 404. */
export function getProduct(idOrSlug: string, signal?: AbortSignal): Promise<ApiResult<Product>> {
  return fetchApi(
    `/api/catalog/products/${encodeURIComponent(idOrSlug)}`,
    (body) => parseProduct(body.product),
    { signal },
  );
}

/** One product, refetched when the id changes and retried while degraded or unavailable. */
export function useProduct(idOrSlug: string): ApiResource<Product> {
  const load = useCallback((signal: AbortSignal) => getProduct(idOrSlug, signal), [idOrSlug]);
  return useApiResource(load);
}
