import { formatDate, formatMoney } from '@storefront/remote-kit';
import { DegradedNotice, ErrorNotice, UnavailableNotice } from '@storefront/remote-kit/notices';
import { type ReactNode, useEffect, useId } from 'react';
import '../../../components/account.css';
import type { Order } from '@storefront/contract/browser';
import { sessionStore } from '../../session';
import { useOrders } from '../api/orders';

function statusLabel(status: string): string {
  return status ? status.charAt(0).toUpperCase() + status.slice(1) : 'Unknown';
}

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
        <dd>{statusLabel(order.status)}</dd>
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

/** "Order history": the shopper's orders newest first, following the degraded contract. */
export function OrderHistory({ userId }: { userId: number }) {
  const headingId = useId();
  const orders = useOrders(userId);
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
      {content}
    </section>
  );
}
