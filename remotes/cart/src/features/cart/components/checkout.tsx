import { onStorefrontEvent, SESSION_CHANGED_EVENT } from '@storefront/contract/browser';
import { formatMoney, type WriteResult } from '@storefront/remote-kit';
import { DegradedNotice, Notice } from '@storefront/remote-kit/notices';
import { Link } from '@storefront/router';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useCheckout } from '../api/checkout';
import { useCart } from '../api/get-cart';
import { useMe } from '../api/get-me';
import { DEFAULT_ORDER_POLLING, type OrderPolling, useOrderStatus } from '../api/get-order';
import type { PlacedOrder } from '../api/parse';
import './cart.css';
import { CART_DEGRADED_MESSAGE, cartNotReady } from './cart-not-ready';
import { OrderConfirmation } from './order-confirmation';

/** What the shopper reads when checkout answers 503 (or cannot be reached). */
export const CHECKOUT_UNAVAILABLE_MESSAGE =
  'Checkout is temporarily unavailable — your cart is safe. Try again shortly.';

/** A sentence for a failed checkout; null for `AUTH_REQUIRED`, which shows the sign-in link instead. */
function failureMessage(result: WriteResult<PlacedOrder>): string | null {
  if (result.ok) return null;
  if (result.kind !== 'rejected') return CHECKOUT_UNAVAILABLE_MESSAGE;
  switch (result.code) {
    case 'AUTH_REQUIRED':
      return null;
    case 'INSUFFICIENT_STOCK':
      return 'Some items are no longer in stock in the quantity you asked for. Please review your cart and try again.';
    case 'CART_EMPTY':
      return 'Your cart is empty, so there is nothing to check out.';
    case 'CART_CHANGED':
      return 'Your cart changed while you were checking out. Please review it and place the order again.';
    case 'IDEMPOTENCY_KEY_IN_USE':
      return 'Your order is still being placed. Please wait a moment and try again.';
    default:
      return `The order could not be placed: ${result.message}`;
  }
}

function SignInPrompt() {
  return (
    <Notice tone="info">
      <p>You need an account to place your order; your cart is kept when you sign in.</p>
      <Link className="cart-button cart-button--primary" to="/signin?returnTo=/checkout">
        Sign in to check out
      </Link>
    </Notice>
  );
}

/** Props of {@link Checkout}: none when exposed; tests shorten how a pending order is followed. */
export interface CheckoutProps {
  polling?: OrderPolling;
}

/**
 * The checkout page (`/checkout`): summary and total, then "Place order" for a signed-in shopper; then the
 * order's confirmation, following a pending order (choreographed checkout) until it is confirmed or rejected.
 */
export function Checkout({ polling = DEFAULT_ORDER_POLLING }: CheckoutProps = {}) {
  const headingId = useId();
  const cart = useCart();
  const me = useMe();
  const place = useCheckout();
  const [order, setOrder] = useState<PlacedOrder | null>(null);
  const outcome = useOrderStatus(order, polling);
  const [problem, setProblem] = useState<string | null>(null);
  const [authRequired, setAuthRequired] = useState(false);
  const placing = place.pending.has('checkout');
  const refetchMe = me.refetch;

  // Signing in in another part of the page changes who checks out.
  useEffect(
    () =>
      onStorefrontEvent(SESSION_CHANGED_EVENT, () => {
        setAuthRequired(false);
        refetchMe();
      }),
    [refetchMe],
  );

  const onPlace = async () => {
    setProblem(null);
    const result = await place.run();
    if (!result) return;
    // 201 (placed) and 202 (pending, choreographed) are both an order that exists.
    if (result.ok) {
      setOrder(result.data);
      return;
    }
    if (result.code === 'AUTH_REQUIRED') setAuthRequired(true);
    setProblem(failureMessage(result));
  };

  const title = (
    <h1 id={headingId} className="cart-page__title">
      Checkout
    </h1>
  );

  if (outcome) {
    return (
      <section className="cart-page" aria-labelledby={headingId}>
        {title}
        <OrderConfirmation view={outcome} />
      </section>
    );
  }

  const signedOut =
    authRequired || (me.status === 'live' || me.status === 'degraded' ? me.data.user === null : false);
  let content: ReactNode;
  switch (cart.status) {
    case 'loading':
    case 'unavailable':
    case 'error':
      content = cartNotReady(cart, 'Place order');
      break;
    default: {
      const { lines, itemCount, subtotalCents, currency } = cart.data;
      if (lines.length === 0) {
        content = (
          <div className="cart-empty">
            <p>Your cart is empty</p>
            <Link className="cart-button cart-button--primary" to="/">
              Continue shopping
            </Link>
          </div>
        );
        break;
      }
      content = (
        <>
          {cart.status === 'degraded' ? (
            <DegradedNotice degraded={cart.degraded} message={CART_DEGRADED_MESSAGE} />
          ) : null}
          <ul className="cart-summary-lines" aria-label="Order summary">
            {lines.map((line) => (
              <li key={line.productId} className="cart-summary-lines__item">
                <span>
                  {line.name} × {line.quantity}
                </span>
                <span>{formatMoney(line.lineTotalCents, line.currency)}</span>
              </li>
            ))}
          </ul>
          <p className="cart-summary__subtotal">
            Total ({itemCount === 1 ? '1 item' : `${itemCount} items`}):{' '}
            <strong>{formatMoney(subtotalCents, currency)}</strong>
          </p>
          {signedOut ? (
            <SignInPrompt />
          ) : (
            <button
              type="button"
              className="cart-button cart-button--primary"
              onClick={onPlace}
              disabled={placing || me.status === 'loading'}
              aria-busy={placing}
            >
              {placing ? 'Placing your order…' : 'Place order'}
            </button>
          )}
          <p>
            <Link className="cart-back" to="/cart">
              ← Back to your cart
            </Link>
          </p>
        </>
      );
    }
  }

  return (
    <section className="cart-page" aria-labelledby={headingId} aria-busy={cart.isFetching || placing}>
      {title}
      {problem ? (
        <Notice tone="error" role="alert">
          <p>{problem}</p>
        </Notice>
      ) : null}
      {content}
    </section>
  );
}
