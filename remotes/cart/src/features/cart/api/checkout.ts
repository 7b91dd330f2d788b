import type { WriteResult } from '@storefront/remote-kit';
import { sendApi } from '../../../lib/api-client';
import { type Mutation, useMutation } from '../../../lib/use-mutation';
import { cartStore } from './get-cart';
import { type PlacedOrder, parseOrder } from './parse';

/** Places the order for the caller's cart (needs a signed-in shopper). */
export function checkout(idempotencyKey: string): Promise<WriteResult<PlacedOrder>> {
  return sendApi({ method: 'POST', path: '/api/checkout', body: {}, idempotencyKey }, (body) =>
    parseOrder(body.order),
  );
}

/**
 * Places the order. A click while the first is in flight sends nothing; a retry after a failure that stored
 * nothing (no connection, 5xx) reuses the key, so the order can never be placed twice.
 */
export function useCheckout(): Mutation<[], PlacedOrder> {
  return useMutation(
    () => ({ action: 'checkout', send: (key) => checkout(key) }),
    (result) => {
      // The cart was emptied (success) or may have changed (409s): show what the server has now.
      if (result.ok || result.kind === 'rejected') cartStore.reload();
    },
  );
}
