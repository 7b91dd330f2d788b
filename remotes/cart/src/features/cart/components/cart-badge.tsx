import {
  ADD_TO_CART_EVENT,
  ADD_TO_CART_RESULT_EVENT,
  dispatchStorefrontEvent,
  onStorefrontEvent,
  SESSION_CHANGED_EVENT,
} from '@storefront/contract/browser';
import { Link } from '@storefront/router';
import { useEffect } from 'react';
import { useAddToCart } from '../api/add-to-cart';
import { cartStore, useCart } from '../api/get-cart';
import './cart.css';

/** The add-to-cart answer when the cart service cannot take the write. */
export const ADD_UNAVAILABLE_MESSAGE = 'Cart temporarily unavailable — your items are safe';

function itemsLabel(count: number): string {
  return count === 1 ? '1 item' : `${count} items`;
}

/**
 * The header badge: the item count with a link to `/cart`. It is mounted on every page, so it is also the one
 * that answers the catalog's `storefront:add-to-cart` events and reloads after `storefront:session-changed`.
 */
export function CartBadge() {
  const cart = useCart();
  const add = useAddToCart();

  useEffect(() => {
    const stopAdds = onStorefrontEvent(ADD_TO_CART_EVENT, ({ productId, quantity, name }) => {
      const answer = (ok: boolean, message: string) =>
        dispatchStorefrontEvent(ADD_TO_CART_RESULT_EVENT, { productId, ok, message });
      add(productId, quantity).then((result) => {
        if (result.ok) answer(true, `${name ?? 'The product'} added to cart`);
        else answer(false, result.kind === 'rejected' ? result.message : ADD_UNAVAILABLE_MESSAGE);
      });
    });
    // The anonymous cart was merged into the shopper's (or the shopper left): show the cart they have now.
    const stopSessions = onStorefrontEvent(SESSION_CHANGED_EVENT, () => cartStore.reload());
    return () => {
      stopAdds();
      stopSessions();
    };
  }, [add]);

  if (cart.status === 'unavailable' || cart.status === 'error') {
    return (
      <Link to="/cart" className="cart-badge cart-badge--unavailable" title={ADD_UNAVAILABLE_MESSAGE}>
        <span aria-hidden="true" className="cart-badge__icon">
          ⚠
        </span>
        Cart unavailable
      </Link>
    );
  }

  const count = cart.status === 'loading' ? null : cart.data.itemCount;
  const degraded = cart.status === 'degraded';
  return (
    <Link
      to="/cart"
      className={degraded ? 'cart-badge cart-badge--degraded' : 'cart-badge'}
      aria-label={count === null ? 'Cart' : `Cart, ${itemsLabel(count)}`}
      title={degraded ? 'Saved copy of your cart — it may be out of date' : undefined}
    >
      <CartIcon />
      {/* The space keeps "Cart 3" two words: the accessible name "Cart, 3 items" must contain the visible label. */}
      Cart{' '}
      {count === null ? null : (
        <span className="cart-badge__count" aria-hidden="true">
          {count}
        </span>
      )}
    </Link>
  );
}

/** A basket drawn in SVG: emoji glyphs are missing from many system fonts (e.g. headless Chromium on Debian). */
function CartIcon() {
  return (
    <svg
      className="cart-badge__icon"
      aria-hidden="true"
      width="18"
      height="18"
      viewBox="0 0 24 24"
      focusable="false"
    >
      <path
        d="M3 4h2l2.4 10.2a1 1 0 0 0 1 .8h8.9a1 1 0 0 0 1-.8L20 7H6.2"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <circle cx="9" cy="19" r="1.6" fill="currentColor" />
      <circle cx="17" cy="19" r="1.6" fill="currentColor" />
    </svg>
  );
}
