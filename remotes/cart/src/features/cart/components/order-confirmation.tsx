import { Notice, type NoticeTone } from '@storefront/remote-kit/notices';
import { Link } from '@storefront/router';
import type { ReactNode } from 'react';
import type { OrderStatusView } from '../api/get-order';

/** The shopper's next step: their orders, or back to the catalog after a rejection. */
const seeOrders = (
  <Link className="cart-button" to="/account">
    See your orders
  </Link>
);

function outcomeOf({ order, gaveUp }: OrderStatusView): { tone: NoticeTone; text: string; next: ReactNode } {
  switch (order.status) {
    case 'placed':
    case 'confirmed':
      return {
        tone: 'success',
        text: `Thank you! Your order ${order.id} is ${order.status}.`,
        next: seeOrders,
      };
    case 'rejected':
      return {
        tone: 'error',
        text:
          `Sorry, your order ${order.id} could not be confirmed: ` +
          (order.rejection?.message ?? 'the store could not serve it.'),
        next: (
          <Link className="cart-button cart-button--primary" to="/">
            Back to the catalog
          </Link>
        ),
      };
    default:
      return gaveUp
        ? {
            tone: 'info',
            text:
              `Your order ${order.id} is still pending: confirming stock is taking longer than usual. ` +
              'It will show in your order history once it is confirmed or rejected.',
            next: seeOrders,
          }
        : { tone: 'info', text: `Order ${order.id} received — confirming stock…`, next: seeOrders };
  }
}

/**
 * What checkout says once the order exists. One polite status region whose text changes only when the order's
 * status does (or following it stops), so each change is announced once, never at every read of a pending order.
 */
export function OrderConfirmation({ view }: { view: OrderStatusView }) {
  const { tone, text, next } = outcomeOf(view);
  return (
    <Notice tone={tone} role="status">
      <p>{text}</p>
      {next}
    </Notice>
  );
}
