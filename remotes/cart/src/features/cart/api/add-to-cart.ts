import type { Cart } from '@storefront/contract/browser';
import type { WriteResult } from '@storefront/remote-kit';
import { useCallback } from 'react';
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
 * Adds to the cart and updates the shared cart. Each call is a new user action (a new key): two clicks on
 * "Add to cart" mean two items.
 */
export function useAddToCart(): (productId: number, quantity: number) => Promise<WriteResult<Cart>> {
  return useCallback(async (productId: number, quantity: number) => {
    const result = await addToCart(productId, quantity, newIdempotencyKey());
    cartStore.applyWrite(result);
    return result;
  }, []);
}
