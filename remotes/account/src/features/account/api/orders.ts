import type { Order } from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { parseOrders } from './parse';

/** `GET /api/orders`, newest first; signed out is an `error` with code `AUTH_REQUIRED`. */
export function getOrders(signal?: AbortSignal): Promise<ApiResult<Order[]>> {
  return fetchApi('/api/orders', (body) => parseOrders(body.orders), { signal });
}

/** The order history, retried while degraded or unavailable; `userId` reloads it for another shopper. */
export function useOrders(userId: number): ApiResource<Order[]> {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new user must load new orders.
  const load = useCallback((signal: AbortSignal) => getOrders(signal), [userId]);
  return useApiResource(load);
}
