// The order history with orders of the choreographed checkout: pending ones are followed until they settle.
import { accountMockStore, cartMockStates, demoUser } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import type { OrdersPolling } from '../api/orders';
import { OrderHistory } from './order-history';

const fast: OrdersPolling = { intervalMs: 5, giveUpAfterMs: 60_000 };
const mocked = cartMockStates.normal;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => server.events.removeAllListeners());

/** Counts the history's reads of `GET /api/orders` from now on. */
function countListReads(): () => number {
  let reads = 0;
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === '/api/orders') reads += 1;
  });
  return () => reads;
}

/** Places pending orders (ids 1003, 1004…) for the demo shopper through the mocked cart service. */
function placePendingOrders(count: number): void {
  accountMockStore.signInAs(demoUser.email);
  mocked.setChoreography({ settleAfterMs: Number.POSITIVE_INFINITY });
  for (let index = 0; index < count; index += 1) {
    if (index > 0) mocked.add(4, 1);
    const placed = mocked.checkout(`checkout-${index}`, null);
    if (!placed.ok) throw new Error(placed.error.message);
  }
}

async function renderHistory(polling: OrdersPolling = fast) {
  const view = renderWithRouter(<OrderHistory userId={demoUser.id} polling={polling} />, '/account');
  const history = await screen.findByRole('region', { name: 'Order history' });
  await within(history).findAllByRole('article');
  return { ...view, history };
}

const orderCard = (id: number) => screen.getByRole('article', { name: `Order ${id}` });
const liveRegion = () =>
  screen.getByText((_content, element) => element?.getAttribute('aria-live') === 'polite');

describe('OrderHistory, choreographed orders', () => {
  it('shows a pending order, reads the list again until it is confirmed, and says so once', async () => {
    placePendingOrders(1);
    const reads = countListReads();
    await renderHistory();
    expect(orderCard(1003).textContent).toContain('Pending — confirming stock…');
    expect(orderCard(1002).textContent).toContain('Placed');
    await waitFor(() => expect(reads()).toBeGreaterThanOrEqual(3));
    expect(liveRegion().textContent).toBe('');

    mocked.settle(1003, 'confirmed');
    await waitFor(() => expect(within(orderCard(1003)).getByText('Confirmed')).toBeTruthy());
    await waitFor(() => expect(liveRegion().textContent).toBe('Order 1003 is now confirmed.'));
    // Nothing pending any more: no more reads.
    const settled = reads();
    await pause(50);
    expect(reads()).toBe(settled);
  });

  it('shows a rejected order with its reason', async () => {
    placePendingOrders(1);
    await renderHistory();
    mocked.settle(1003, 'rejected');
    const reason = 'Not enough stock: Cast Iron Skillet (1 requested) is no longer available.';
    await waitFor(() => expect(within(orderCard(1003)).getByText('Rejected')).toBeTruthy());
    expect(orderCard(1003).textContent).toContain(reason);
    await waitFor(() => expect(liveRegion().textContent).toBe(`Order 1003 was rejected: ${reason}`));
  });

  it('announces each change once while it keeps reading for another pending order', async () => {
    placePendingOrders(2);
    const reads = countListReads();
    await renderHistory();
    const region = liveRegion();
    let changes = 0;
    new MutationObserver((records) => {
      changes += records.length;
    }).observe(region, { subtree: true, childList: true, characterData: true });

    mocked.settle(1004, 'confirmed');
    await waitFor(() => expect(region.textContent).toBe('Order 1004 is now confirmed.'));
    const afterChange = reads();
    await waitFor(() => expect(reads()).toBeGreaterThanOrEqual(afterChange + 3));
    expect(orderCard(1003).textContent).toContain('Pending');
    expect(changes).toBe(1);
  });

  it('stops reading after the time allowed, and offers to check again', async () => {
    placePendingOrders(1);
    const { user } = await renderHistory({ intervalMs: 5, giveUpAfterMs: 40 });
    const checkAgain = await screen.findByRole('button', { name: 'Check again' });
    expect(screen.getByText(/Some orders are still pending/).textContent).toContain(
      'this page has stopped checking them by itself',
    );
    mocked.settle(1003, 'confirmed');
    await user.click(checkAgain);
    await waitFor(() => expect(within(orderCard(1003)).getByText('Confirmed')).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Check again' })).toBeNull();
  });

  it('reads the list once when nothing is pending, and stops on unmount', async () => {
    accountMockStore.signInAs(demoUser.email);
    const reads = countListReads();
    const first = await renderHistory();
    await pause(40);
    expect(reads()).toBe(1);
    first.unmount();

    placePendingOrders(1);
    const pending = countListReads();
    const { unmount } = await renderHistory();
    await waitFor(() => expect(pending()).toBeGreaterThanOrEqual(2));
    unmount();
    const atUnmount = pending();
    await pause(40);
    expect(pending()).toBe(atUnmount);
  });
});
