import { ErrorNotice, UnavailableNotice } from '@storefront/remote-kit/notices';
import type { ReactNode } from 'react';
import type { CartView } from '../store/cart-store';
import './cart.css';

/** The sentence every "cart is down" message starts with. */
export const CART_UNAVAILABLE_TEXT = 'Cart temporarily unavailable — your items are safe.';

/** Over the saved (degraded) cart; the store refreshes it by itself. */
export const CART_DEGRADED_MESSAGE =
  'Showing your saved cart — the cart is temporarily unavailable, so changes may not go through. Live data will be back shortly.';

/**
 * What the cart page and checkout show while the cart is not usable (loading, unavailable with the page's action
 * disabled, or an error); null once there is data to show.
 */
export function cartNotReady(cart: CartView, disabledAction: string): ReactNode | null {
  switch (cart.status) {
    case 'loading':
      return (
        <p className="cart-muted" aria-live="polite">
          Loading your cart…
        </p>
      );
    case 'unavailable':
      return (
        <>
          <UnavailableNotice
            message={CART_UNAVAILABLE_TEXT}
            nextRetryAt={cart.nextRetryAt}
            retrying={cart.isFetching}
            onRetry={cart.reload}
          />
          <button type="button" className="cart-button cart-button--primary" disabled>
            {disabledAction}
          </button>
        </>
      );
    case 'error':
      return <ErrorNotice whileLoading="your cart" message={cart.message} onRetry={cart.reload} />;
    default:
      return null;
  }
}
