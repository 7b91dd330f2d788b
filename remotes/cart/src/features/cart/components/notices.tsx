import type { DegradedInfo } from '@storefront/remote-kit';
import { type ReactNode, useEffect, useState } from 'react';
import { formatTime } from '../../../lib/format';
import type { CartView } from '../store/cart-store';
import './cart.css';

/** The sentence every "cart is down" message starts with. */
export const CART_UNAVAILABLE_TEXT = 'Cart temporarily unavailable — your items are safe.';

/** Props of {@link DegradedNotice}. */
export interface DegradedNoticeProps {
  degraded: DegradedInfo;
}

/** A polite notice over the saved (degraded) cart; the store refreshes it by itself. */
export function DegradedNotice({ degraded }: DegradedNoticeProps) {
  const savedTime = degraded.savedAt ? formatTime(degraded.savedAt) : null;
  return (
    <div role="status" className="cart-notice cart-notice--degraded">
      <p>
        Showing your saved cart — the cart is temporarily unavailable, so changes may not go through. Live
        data will be back shortly.
        {savedTime && degraded.savedAt ? (
          <>
            {' '}
            Saved at <time dateTime={degraded.savedAt}>{savedTime}</time>.
          </>
        ) : null}
      </p>
    </div>
  );
}

/** Re-renders every second while `until` is in the future so a countdown stays current. */
function useSecondsUntil(until: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? null : Math.max(0, Math.ceil((until - now) / 1000));
}

/** Props of {@link UnavailableNotice}. */
export interface UnavailableNoticeProps {
  /** When the automatic retry fires (epoch ms). */
  nextRetryAt: number | null;
  /** A retry is in flight. */
  retrying: boolean;
  onRetry: () => void;
}

/** The placeholder shown instead of the cart on a 503, with a countdown and a retry button. */
export function UnavailableNotice({ nextRetryAt, retrying, onRetry }: UnavailableNoticeProps) {
  const seconds = useSecondsUntil(nextRetryAt);
  let next: string;
  if (retrying || seconds === 0) next = 'Retrying now…';
  else if (seconds === null) next = 'Please try again.';
  else next = `Retrying in ${seconds} s.`;
  return (
    <div role="alert" className="cart-notice cart-notice--unavailable">
      <p>
        {CART_UNAVAILABLE_TEXT}{' '}
        {/* The countdown ticks every second; keep screen readers from re-announcing the alert each time. */}
        <span aria-live="off">{next}</span>
      </p>
      <button type="button" className="cart-button" onClick={onRetry} disabled={retrying}>
        Retry now
      </button>
    </div>
  );
}

/** Props of {@link ErrorNotice}. */
export interface ErrorNoticeProps {
  message: string;
  onRetry: () => void;
}

/** A plain failure (not covered by the degraded contract), with a manual retry. */
export function ErrorNotice({ message, onRetry }: ErrorNoticeProps) {
  return (
    <div role="alert" className="cart-notice cart-notice--error">
      <p>Something went wrong while loading your cart: {message}</p>
      <button type="button" className="cart-button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

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
      return <ErrorNotice message={cart.message} onRetry={cart.reload} />;
    default:
      return null;
  }
}
