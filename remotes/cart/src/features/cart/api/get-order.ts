import type { ApiResult } from '@storefront/remote-kit';
import { useEffect, useState } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { type PlacedOrder, parseOrder } from './parse';

/** Fetches one of the shopper's orders (`GET /api/orders/:id`). */
export function getOrder(id: number, signal?: AbortSignal): Promise<ApiResult<PlacedOrder>> {
  return fetchApi(`/api/orders/${id}`, (body) => parseOrder(body.order), { signal });
}

/** How a pending order is followed: the first delay, doubled after each read up to `maxDelayMs`, then given up. */
export interface OrderPolling {
  firstDelayMs: number;
  maxDelayMs: number;
  giveUpAfterMs: number;
}

/**
 * 1 s, 2 s, 4 s, then every 5 s for two minutes: the catalog usually answers within seconds, and a shopper who
 * waits longer is better told the order will show in the history than kept watching a spinner.
 */
export const DEFAULT_ORDER_POLLING: OrderPolling = {
  firstDelayMs: 1000,
  maxDelayMs: 5000,
  giveUpAfterMs: 120_000,
};

/** The order as last read, and whether following it stopped while it was still pending. */
export interface OrderStatusView {
  order: PlacedOrder;
  gaveUp: boolean;
}

/**
 * Follows the order checkout answered with: a `pending` one (choreographed checkout) is read again until it is
 * `confirmed` or `rejected`, on unmount, or after `giveUpAfterMs`; any other status is final and is not read.
 * Null until there is an order.
 */
export function useOrderStatus(
  placed: PlacedOrder | null,
  { firstDelayMs, maxDelayMs, giveUpAfterMs }: OrderPolling = DEFAULT_ORDER_POLLING,
): OrderStatusView | null {
  const [latest, setLatest] = useState<OrderStatusView | null>(null);

  useEffect(() => {
    if (placed?.status !== 'pending') return;
    const controller = new AbortController();
    const startedAt = Date.now();
    let delay = firstDelayMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = (order: PlacedOrder) => setLatest({ order, gaveUp: true });

    const schedule = (order: PlacedOrder) => {
      const left = giveUpAfterMs - (Date.now() - startedAt);
      if (left <= 0) return stop(order);
      // The last read falls on the deadline rather than after it.
      timer = setTimeout(() => void read(order), Math.min(delay, left));
      delay = Math.min(delay * 2, maxDelayMs);
    };

    const read = async (known: PlacedOrder) => {
      let result: ApiResult<PlacedOrder>;
      try {
        result = await getOrder(placed.id, controller.signal);
      } catch {
        return; // Aborted: the page is gone or shows another order.
      }
      if (result.status === 'live' || result.status === 'degraded') {
        // A saved copy is older than the checkout answer at worst, and a status only ever moves forward.
        const order = result.data;
        setLatest({ order, gaveUp: false });
        if (order.status !== 'pending') return;
        schedule(order);
        return;
      }
      // Signed out or no such order: asking again cannot help. A 5xx or no connection may pass: ask again.
      if (result.status === 'error' && result.httpStatus !== null && result.httpStatus < 500)
        return stop(known);
      schedule(known);
    };

    schedule(placed);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [placed, firstDelayMs, maxDelayMs, giveUpAfterMs]);

  if (!placed) return null;
  // What was read for this order, else the checkout answer itself.
  return latest && latest.order.id === placed.id ? latest : { order: placed, gaveUp: false };
}
