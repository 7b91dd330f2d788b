import type { Cart } from '@storefront/contract/browser';
import type { WriteResult } from '@storefront/remote-kit';
import { sendApi } from '../../../lib/api-client';
import { type Mutation, useMutation } from '../../../lib/use-mutation';
import { cartStore } from './get-cart';
import { parseCart } from './parse';

/** Sets a line's quantity (0 removes it), capped by the stock snapshot. */
export function updateCartLine(
  productId: number,
  quantity: number,
  idempotencyKey: string,
): Promise<WriteResult<Cart>> {
  return sendApi(
    { method: 'PATCH', path: `/api/cart/lines/${productId}`, body: { quantity }, idempotencyKey },
    (body) => parseCart(body.cart),
  );
}

/** Changes a line's quantity and updates the shared cart. */
export function useUpdateCartLine(): Mutation<[productId: number, quantity: number], Cart> {
  return useMutation(
    (productId: number, quantity: number) => ({
      action: `line:${productId}`,
      send: (key) => updateCartLine(productId, quantity, key),
    }),
    (result) => cartStore.applyWrite(result),
  );
}
