import type { Category } from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { parseCategory } from './parse';

/** Fetches every category with its product count. */
export function getCategories(signal?: AbortSignal): Promise<ApiResult<Category[]>> {
  return fetchApi(
    '/api/catalog/categories',
    (body) =>
      Array.isArray(body.items)
        ? body.items.map(parseCategory).filter((category): category is Category => category !== null)
        : null,
    { signal },
  );
}

/** Every category, retried while degraded or unavailable. */
export function useCategories(): ApiResource<Category[]> {
  const load = useCallback((signal: AbortSignal) => getCategories(signal), []);
  return useApiResource(load);
}
