import type { Cart } from '@storefront/contract/browser';
import type { ApiResult } from '@storefront/remote-kit';
import { useSyncExternalStore } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { CartStore, type CartView } from '../store/cart-store';
import { parseCart } from './parse';

/** Fetches the caller's cart (empty when there is none). */
export function getCart(signal?: AbortSignal): Promise<ApiResult<Cart>> {
  return fetchApi('/api/cart', (body) => parseCart(body.cart), { signal });
}

/**
 * The module-wide cart. The badge, the cart page and checkout are loaded from the same remote container, so
 * this module (and its state) is shared: a change made on one shows on the others without a reload.
 */
export const cartStore = new CartStore((signal) => getCart(signal));

/** The shared cart, loaded on first use and retried while degraded or unavailable. */
export function useCart(): CartView {
  return useSyncExternalStore(cartStore.subscribe, cartStore.getSnapshot, cartStore.getSnapshot);
}
