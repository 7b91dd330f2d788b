import type { Cart } from '@storefront/contract/browser';
import type { WriteResult } from '@storefront/remote-kit';
import { sendApi } from '../../../lib/api-client';
import { type Mutation, useMutation } from '../../../lib/use-mutation';
import { cartStore } from './get-cart';
import { parseCart } from './parse';

/** Removes a line from the cart. */
export function removeCartLine(productId: number, idempotencyKey: string): Promise<WriteResult<Cart>> {
  return sendApi({ method: 'DELETE', path: `/api/cart/lines/${productId}`, idempotencyKey }, (body) =>
    parseCart(body.cart),
  );
}

/** Removes a line and updates the shared cart. */
export function useRemoveCartLine(): Mutation<[productId: number], Cart> {
  return useMutation(
    (productId: number) => ({ action: `remove:${productId}`, send: (key) => removeCartLine(productId, key) }),
    (result) => cartStore.applyWrite(result),
  );
}
