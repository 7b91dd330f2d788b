import type { Cart } from '@storefront/contract/browser';
import type { WriteResult } from '@storefront/remote-kit';
import { useCallback, useRef } from 'react';
import { sendApi } from '../../../lib/api-client';
import { newIdempotencyKey } from '../../../lib/idempotency';
import { cartStore } from './get-cart';
import { parseCart } from './parse';

/** Adds `quantity` of a product (quantities add, capped by stock); the price is snapshotted by the BFF. */
export function addToCart(
  productId: number,
  quantity: number,
  idempotencyKey: string,
): Promise<WriteResult<Cart>> {
  return sendApi(
    { method: 'POST', path: '/api/cart/lines', body: { productId, quantity }, idempotencyKey },
    (body) => parseCart(body.cart),
  );
}

/**
 * Adds to the cart and updates the shared cart. Each click is a new user action (a new key): two clicks on "Add to
 * cart" mean two items — except the click after a failure that may have been applied (a lost answer, a 503): it
 * repeats the failed action with its key, so the cart service replays it and the product is added once.
 */
export function useAddToCart(): (productId: number, quantity: number) => Promise<WriteResult<Cart>> {
  // Action → the key of its last attempt, kept only while that attempt's outcome is unknown.
  const unsettled = useRef(new Map<string, string>());
  return useCallback(async (productId: number, quantity: number) => {
    const action = `${productId}:${quantity}`;
    const key = unsettled.current.get(action) ?? newIdempotencyKey();
    unsettled.current.delete(action);
    const result = await addToCart(productId, quantity, key);
    if (!result.ok && result.retryable) unsettled.current.set(action, key);
    cartStore.applyWrite(result);
    return result;
  }, []);
}
