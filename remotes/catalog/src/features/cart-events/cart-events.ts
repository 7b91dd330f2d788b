// The catalog's side of the window events between remotes (docs/cart-and-account.md): it asks the cart remote
// to add a product and listens for the answer. The remotes never import each other.
import { isObject } from '@storefront/remote-kit';

export const ADD_TO_CART_EVENT = 'storefront:add-to-cart';
export const ADD_TO_CART_RESULT_EVENT = 'storefront:add-to-cart-result';

/** How long to wait for the cart's answer before saying it is unavailable. */
export const ADD_TO_CART_TIMEOUT_MS = 3000;

/** Shown when nothing answers (the cart remote failed to load). */
export const CART_UNAVAILABLE_MESSAGE = 'Cart is unavailable right now.';

/** The cart's answer to one add. */
export interface AddToCartOutcome {
  ok: boolean;
  message: string;
}

/**
 * The numeric product id the cart contract uses. The BFF's ids are integers (`"12"` once parsed); the mocks'
 * fixtures are `p-012`, which stands for product 12. Null when the id has no number.
 */
export function toCartProductId(id: string): number | null {
  const match = /^(?:p-)?(\d{1,9})$/.exec(id);
  if (!match) return null;
  const value = Number(match[1]);
  return value > 0 ? value : null;
}

/**
 * Dispatches `storefront:add-to-cart` and resolves with the matching `storefront:add-to-cart-result`, or with
 * "Cart is unavailable right now." when none arrives within `timeoutMs`.
 */
export function requestAddToCart(
  productId: number,
  name: string,
  timeoutMs = ADD_TO_CART_TIMEOUT_MS,
): Promise<AddToCartOutcome> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: AddToCartOutcome) => {
      clearTimeout(timer);
      window.removeEventListener(ADD_TO_CART_RESULT_EVENT, onResult);
      resolve(outcome);
    };
    function onResult(event: Event) {
      const detail = event instanceof CustomEvent ? event.detail : null;
      if (!isObject(detail) || detail.productId !== productId) return;
      const ok = detail.ok === true;
      const message = typeof detail.message === 'string' && detail.message ? detail.message : null;
      finish({
        ok,
        message: ok ? 'Added to cart' : (message ?? 'The product could not be added to the cart.'),
      });
    }
    // Listen first: a cart that answers synchronously must not be missed.
    window.addEventListener(ADD_TO_CART_RESULT_EVENT, onResult);
    timer = setTimeout(() => finish({ ok: false, message: CART_UNAVAILABLE_MESSAGE }), timeoutMs);
    window.dispatchEvent(new CustomEvent(ADD_TO_CART_EVENT, { detail: { productId, quantity: 1, name } }));
  });
}
