import { formatDate, formatMoney } from '@storefront/remote-kit';
import { DegradedNotice, ErrorNotice, UnavailableNotice } from '@storefront/remote-kit/notices';
import { type ReactNode, useEffect, useId } from 'react';
import '../../../components/account.css';
import type { Order } from '@storefront/contract/browser';
import { sessionStore } from '../../session';
import { DEFAULT_ORDERS_POLLING, type OrdersPolling, useOrders } from '../api/orders';
import { OrderStatusBadge, useStatusAnnouncement } from './order-status';

function OrderCard({ order }: { order: Order }) {
  const headingId = useId();
  const date = formatDate(order.createdAt);
  return (
    <article className="account-order" aria-labelledby={headingId}>
      <h3 id={headingId} className="account-order__title">
        Order {order.id}
      </h3>
      <dl className="account-order__facts">
        <dt>Placed on</dt>
        <dd>{date ? <time dateTime={order.createdAt}>{date}</time> : 'Unknown date'}</dd>
        <dt>Items</dt>
        <dd>
          {order.itemCount} {order.itemCount === 1 ? 'item' : 'items'}
        </dd>
        <dt>Total</dt>
        <dd className="account-order__total">{formatMoney(order.totalCents, order.currency)}</dd>
        <dt>Status</dt>
        <dd>
          <OrderStatusBadge order={order} />
        </dd>
      </dl>
      <ul className="account-order__lines" aria-label={`Items of order ${order.id}`}>
        {order.lines.map((line) => (
          <li key={line.productId}>
            {line.quantity} × {line.name} — {formatMoney(line.lineTotalCents, line.currency)}
          </li>
        ))}
      </ul>
    </article>
  );
}

/** Props of {@link OrderHistory}; tests shorten how pending orders are followed. */
export interface OrderHistoryProps {
  userId: number;
  polling?: OrdersPolling;
}

/**
 * "Order history": the shopper's orders newest first, following the degraded contract; pending orders
 * (choreographed checkout) are read again until they are confirmed or rejected, each change announced once.
 */
export function OrderHistory({ userId, polling = DEFAULT_ORDERS_POLLING }: OrderHistoryProps) {
  const headingId = useId();
  const orders = useOrders(userId, polling);
  const announcement = useStatusAnnouncement(
    orders.status === 'live' || orders.status === 'degraded' ? orders.data : null,
  );
  const authLost = orders.status === 'error' && orders.httpStatus === 401;

  // The session ended elsewhere (expired, signed out in another tab): let the page show the sign-in prompt.
  useEffect(() => {
    if (authLost) void sessionStore.refresh();
  }, [authLost]);

  let content: ReactNode;
  switch (orders.status) {
    case 'loading':
      content = <p aria-live="polite">Loading your orders…</p>;
      break;
    case 'unavailable':
      content = (
        <UnavailableNotice
          message="Your order history is temporarily unavailable."
          nextRetryAt={orders.nextRetryAt}
          retrying={orders.isFetching}
          onRetry={orders.refetch}
        />
      );
      break;
    case 'error':
      content = <ErrorNotice message={orders.message} onRetry={orders.refetch} />;
      break;
    default:
      content = (
        <>
          {orders.status === 'degraded' ? (
            <DegradedNotice
              degraded={orders.degraded}
              message="Showing your saved order history — live data is temporarily unavailable and will be back shortly."
            />
          ) : null}
          {orders.stoppedFollowing ? (
            <p className="account-order__note">
              Some orders are still pending; this page has stopped checking them by itself.{' '}
              <button
                type="button"
                className="account-button account-button--small"
                onClick={orders.checkAgain}
              >
                Check again
              </button>
            </p>
          ) : null}
          {orders.data.length === 0 ? (
            <p>You have not placed any orders yet.</p>
          ) : (
            <ol className="account-orders">
              {orders.data.map((order) => (
                <li key={order.id}>
                  <OrderCard order={order} />
                </li>
              ))}
            </ol>
          )}
        </>
      );
  }

  return (
    <section aria-labelledby={headingId} aria-busy={orders.isFetching}>
      <h2 id={headingId} className="account-subtitle">
        Order history
      </h2>
      {/* Always in the page: a live region added together with its text is not reliably announced. */}
      <p className="account-visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {content}
    </section>
  );
}
