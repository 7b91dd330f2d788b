import type { Order } from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { parseOrders } from './parse';

/** `GET /api/orders`, newest first; signed out is an `error` with code `AUTH_REQUIRED`. */
export function getOrders(signal?: AbortSignal): Promise<ApiResult<Order[]>> {
  return fetchApi('/api/orders', (body) => parseOrders(body.orders), { signal });
}

/** How the history follows pending orders: read again every `intervalMs`, for `giveUpAfterMs` at most. */
export interface OrdersPolling {
  intervalMs: number;
  giveUpAfterMs: number;
}

/**
 * Every 2 s, for two minutes: a choreographed order settles within seconds, and a page left open on an order
 * that stays pending (the catalog's consumer down) should not ask every 2 s for hours.
 */
export const DEFAULT_ORDERS_POLLING: OrdersPolling = { intervalMs: 2000, giveUpAfterMs: 120_000 };

/** The order history, and how following its pending orders stands. */
export type OrdersResource = ApiResource<Order[]> & {
  /** Orders are still pending but the history stopped reading them again by itself. */
  stoppedFollowing: boolean;
  /** Reads again now and follows pending orders afresh. */
  checkAgain: () => void;
};

/**
 * The order history, retried while degraded or unavailable (`useApiResource`); `userId` reloads it for another
 * shopper. While a live answer holds a `pending` order it is read again every `intervalMs`, until none is
 * pending, on unmount, or after `giveUpAfterMs`. A saved copy is not followed: its own retry brings the live one.
 */
export function useOrders(
  userId: number,
  { intervalMs, giveUpAfterMs }: OrdersPolling = DEFAULT_ORDERS_POLLING,
): OrdersResource {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new user must load new orders.
  const load = useCallback((signal: AbortSignal) => getOrders(signal), [userId]);
  const orders = useApiResource(load);
  const { isFetching, refetch } = orders;
  const anyPending = orders.status === 'live' && orders.data.some((order) => order.status === 'pending');
  const [stoppedFollowing, setStoppedFollowing] = useState(false);
  // When the history started waiting for the pending orders it shows (null: none pending).
  const pendingSince = useRef<number | null>(null);

  useEffect(() => {
    if (!anyPending) {
      pendingSince.current = null;
      setStoppedFollowing(false);
      return;
    }
    // Each read re-arms the timer once it has settled: never two reads at a time.
    if (isFetching || stoppedFollowing) return;
    pendingSince.current ??= Date.now();
    const left = giveUpAfterMs - (Date.now() - pendingSince.current);
    if (left <= 0) {
      setStoppedFollowing(true);
      return;
    }
    const timer = setTimeout(refetch, Math.min(intervalMs, left));
    return () => clearTimeout(timer);
  }, [anyPending, isFetching, stoppedFollowing, refetch, intervalMs, giveUpAfterMs]);

  const checkAgain = useCallback(() => {
    pendingSince.current = null;
    setStoppedFollowing(false);
    refetch();
  }, [refetch]);

  return { ...orders, stoppedFollowing: anyPending && stoppedFollowing, checkAgain };
}
