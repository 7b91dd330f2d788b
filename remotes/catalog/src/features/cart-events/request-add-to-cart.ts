// The catalog's side of the browser events between remotes (docs/cart-and-account.md): it asks the cart remote to
// add a product and waits for its answer. Names, details and their parsing are the contract's.
import {
  ADD_TO_CART_EVENT,
  ADD_TO_CART_RESULT_EVENT,
  dispatchStorefrontEvent,
  onStorefrontEvent,
} from '@storefront/contract/browser';

/** How long to wait for the cart's answer before saying it is unavailable. */
export const ADD_TO_CART_TIMEOUT_MS = 3000;

/** Shown when nothing answers (the cart remote failed to load). */
export const CART_UNAVAILABLE_MESSAGE = 'Cart is unavailable right now.';

/** What the button shows after one add. */
export interface AddToCartOutcome {
  ok: boolean;
  message: string;
}

/**
 * Sends `storefront:add-to-cart` (quantity 1) and resolves with the matching `storefront:add-to-cart-result`, or
 * with "Cart is unavailable right now." when none arrives within `timeoutMs`.
 */
export function requestAddToCart(
  productId: number,
  name: string,
  timeoutMs = ADD_TO_CART_TIMEOUT_MS,
): Promise<AddToCartOutcome> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Listen first: a cart that answers synchronously must not be missed.
    const stop = onStorefrontEvent(ADD_TO_CART_RESULT_EVENT, (result) => {
      if (result.productId !== productId) return;
      finish({
        ok: result.ok,
        message: result.ok
          ? 'Added to cart'
          : result.message || 'The product could not be added to the cart.',
      });
    });
    function finish(outcome: AddToCartOutcome) {
      clearTimeout(timer);
      stop();
      resolve(outcome);
    }
    timer = setTimeout(() => finish({ ok: false, message: CART_UNAVAILABLE_MESSAGE }), timeoutMs);
    dispatchStorefrontEvent(ADD_TO_CART_EVENT, { productId, quantity: 1, name });
  });
}
