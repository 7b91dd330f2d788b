// The choreographed checkout: `POST /api/checkout` answers 202 with a pending order, which checkout follows.
import { accountMockStore, cartMockStates, demoUser } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { recordRequests, type SentRequest } from '../../../testing/requests';
import type { OrderPolling } from '../api/get-order';
import { Checkout } from './checkout';

// Short delays instead of 1 s → 5 s over two minutes; the mocks settle the order when the test says so.
const fast: OrderPolling = { firstDelayMs: 5, maxDelayMs: 20, giveUpAfterMs: 60_000 };
const mocked = cartMockStates.normal;

const readsOf = (sent: SentRequest[]) => sent.filter((request) => request.path === '/api/orders/1003').length;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs in, checks out choreographed and waits for the pending confirmation; returns its status region. */
async function placePendingOrder(polling: OrderPolling) {
  accountMockStore.signInAs(demoUser.email);
  mocked.setChoreography({ settleAfterMs: Number.POSITIVE_INFINITY });
  const sent = recordRequests();
  const view = renderWithRouter(<Checkout polling={polling} />);
  const button = await screen.findByRole('button', { name: 'Place order' });
  await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
  await view.user.click(button);
  const status = await screen.findByRole('status');
  await waitFor(() => expect(status.textContent).toContain('Order 1003 received — confirming stock…'));
  return { ...view, sent, status };
}

/** Counts changes of an element's content (what a screen reader would announce in a live region). */
function watch(element: Element): { changes: () => number } {
  let changes = 0;
  new MutationObserver((records) => {
    changes += records.length;
  }).observe(element, { subtree: true, childList: true, characterData: true });
  return { changes: () => changes };
}

describe('Checkout, choreographed (202 pending)', () => {
  it('shows the order as received, keeps asking without re-announcing, then shows it confirmed', async () => {
    const { sent, status } = await placePendingOrder(fast);
    expect(status.textContent).toContain('See your orders');
    const region = watch(status);
    await waitFor(() => expect(readsOf(sent)).toBeGreaterThanOrEqual(3));
    expect(region.changes()).toBe(0);

    mocked.settle(1003, 'confirmed');
    await waitFor(() => expect(status.textContent).toContain('Thank you! Your order 1003 is confirmed.'));
    // The same live region, changed once: announced once.
    expect(screen.getByRole('status')).toBe(status);
    const reads = readsOf(sent);
    await pause(60);
    expect(readsOf(sent)).toBe(reads);
    expect(screen.getByRole('link', { name: 'See your orders' }).getAttribute('href')).toBe('/account');
  });

  it('shows a rejected order with its reason and the way back to the catalog', async () => {
    const { status } = await placePendingOrder(fast);
    mocked.settle(1003, 'rejected');
    await waitFor(() =>
      expect(status.textContent).toContain(
        'Sorry, your order 1003 could not be confirmed: Not enough stock: Cast Iron Skillet (1 requested) is no longer available.',
      ),
    );
    expect(screen.getByRole('link', { name: 'Back to the catalog' }).getAttribute('href')).toBe('/');
  });

  it('gives up politely after the time allowed, saying the order will show in the history', async () => {
    const { sent, status } = await placePendingOrder({ ...fast, giveUpAfterMs: 80 });
    await waitFor(() => expect(status.textContent).toContain('Your order 1003 is still pending'));
    expect(status.textContent).toContain(
      'It will show in your order history once it is confirmed or rejected.',
    );
    expect(screen.getByRole('link', { name: 'See your orders' })).toBeTruthy();
    const reads = readsOf(sent);
    expect(reads).toBeGreaterThanOrEqual(2);
    await pause(60);
    expect(readsOf(sent)).toBe(reads);
  });

  it('stops asking when the page goes away', async () => {
    const { sent, unmount } = await placePendingOrder(fast);
    await waitFor(() => expect(readsOf(sent)).toBeGreaterThanOrEqual(1));
    unmount();
    const reads = readsOf(sent);
    await pause(60);
    expect(readsOf(sent)).toBe(reads);
  });

  it('backs off from the first delay to the longest one', async () => {
    // 20 ms, 40 ms, then every 50 ms: few reads in 200 ms (a fixed 20 ms would make about ten).
    const { sent } = await placePendingOrder({ firstDelayMs: 20, maxDelayMs: 50, giveUpAfterMs: 60_000 });
    await pause(200);
    expect(readsOf(sent)).toBeGreaterThanOrEqual(1);
    expect(readsOf(sent)).toBeLessThanOrEqual(6);
  });
});
