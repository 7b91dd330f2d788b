import type { Order } from '@storefront/contract/browser';
import { useEffect, useRef, useState } from 'react';

const LABELS: Record<Order['status'], string> = {
  placed: 'Placed',
  pending: 'Pending',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
};

/** An order's status as a badge; a rejected order also says why. */
export function OrderStatusBadge({ order }: { order: Order }) {
  return (
    <>
      <span className={`account-status account-status--${order.status}`}>{LABELS[order.status]}</span>
      {order.status === 'pending' ? <span className="account-order__note"> — confirming stock…</span> : null}
      {order.status === 'rejected' ? (
        <span className="account-order__note">
          {' '}
          — {order.rejection?.message ?? 'the store could not serve it.'}
        </span>
      ) : null}
    </>
  );
}

function sentence(order: Order): string {
  if (order.status === 'rejected') {
    return `Order ${order.id} was rejected: ${order.rejection?.message ?? 'the store could not serve it.'}`;
  }
  return `Order ${order.id} is now ${LABELS[order.status].toLowerCase()}.`;
}

/**
 * What changed since the last read, for a polite live region: the orders that stopped being pending. The text
 * changes only when a status does, so a screen reader hears each change once, not every read of the list.
 */
export function useStatusAnnouncement(orders: readonly Order[] | null): string {
  const previous = useRef<ReadonlyMap<number, Order['status']> | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (!orders) return;
    const before = previous.current;
    previous.current = new Map(orders.map((order) => [order.id, order.status]));
    if (!before) return; // The first list is read on the page, not announced.
    const settled = orders.filter(
      (order) => before.get(order.id) === 'pending' && order.status !== 'pending',
    );
    if (settled.length > 0) setAnnouncement(settled.map(sentence).join(' '));
  }, [orders]);

  return announcement;
}
