import {
  accountMockStore,
  cartHandlers,
  cartMockStates,
  cartUnavailableResponse,
  demoUser,
  errorResponse,
} from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { recordRequests, writesOf } from '../../../testing/requests';
import { server } from '../../../testing/server';
import { Checkout } from './checkout';

const placeOrder = () => screen.findByRole('button', { name: 'Place order' });

describe('Checkout, signed in', () => {
  it('shows the summary and places the order once on a double click', async () => {
    accountMockStore.signInAs(demoUser.email);
    const sent = recordRequests();
    const { user } = renderWithRouter(<Checkout />);
    expect(screen.getByRole('heading', { level: 1, name: 'Checkout' })).toBeTruthy();
    const button = await placeOrder();
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByText('Pour-Over Coffee Set × 2')).toBeTruthy();
    expect(screen.getByText('$129.00')).toBeTruthy();

    await user.dblClick(button);
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('Thank you! Your order 1003 is placed.');
    expect(screen.getByRole('link', { name: 'See your orders' }).getAttribute('href')).toBe('/account');
    expect(writesOf(sent).filter((request) => request.path === '/api/checkout')).toHaveLength(1);
    expect(cartMockStates.normal.orders()?.map((order) => order.id)).toEqual([1003, 1002, 1001]);
  });

  it('retries after a network error with the same Idempotency-Key', async () => {
    accountMockStore.signInAs(demoUser.email);
    server.use(http.post('*/api/checkout', () => HttpResponse.error(), { once: true }));
    const sent = recordRequests();
    const { user } = renderWithRouter(<Checkout />);
    const button = await placeOrder();
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    await user.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Checkout is temporarily unavailable — your cart is safe. Try again shortly.',
    );
    await user.click(await placeOrder());
    expect((await screen.findByRole('status')).textContent).toContain('is placed');
    const keys = writesOf(sent).map((request) => request.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
  });

  it('says checkout is temporarily unavailable on a 503', async () => {
    accountMockStore.signInAs(demoUser.email);
    server.use(http.post('*/api/checkout', () => cartUnavailableResponse(1000)));
    const { user } = renderWithRouter(<Checkout />);
    const button = await placeOrder();
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    await user.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Checkout is temporarily unavailable — your cart is safe. Try again shortly.',
    );
    expect(cartMockStates.normal.cart().itemCount).toBe(3);
  });

  it('explains a stock problem', async () => {
    accountMockStore.signInAs(demoUser.email);
    server.use(
      http.post('*/api/checkout', () =>
        errorResponse(409, 'INSUFFICIENT_STOCK', 'not enough stock', { lines: [] }),
      ),
    );
    const { user } = renderWithRouter(<Checkout />);
    const button = await placeOrder();
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    await user.click(button);
    expect((await screen.findByRole('alert')).textContent).toContain('no longer in stock');
  });

  it('shows the sign-in link when checkout answers 401 AUTH_REQUIRED', async () => {
    accountMockStore.signInAs(demoUser.email);
    cartMockStates.normal.setSignedIn(false);
    const { user } = renderWithRouter(<Checkout />);
    const button = await placeOrder();
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    await user.click(button);
    expect((await screen.findByRole('link', { name: 'Sign in to check out' })).getAttribute('href')).toBe(
      '/signin?returnTo=/checkout',
    );
  });
});

describe('Checkout, signed out or cart unavailable', () => {
  it('asks a signed-out shopper to sign in', async () => {
    renderWithRouter(<Checkout />);
    const link = await screen.findByRole('link', { name: 'Sign in to check out' });
    expect(link.getAttribute('href')).toBe('/signin?returnTo=/checkout');
    expect(screen.queryByRole('button', { name: 'Place order' })).toBeNull();
  });

  it('disables "Place order" while the cart is unavailable', async () => {
    accountMockStore.signInAs(demoUser.email);
    server.use(...cartHandlers.unavailable);
    renderWithRouter(<Checkout />);
    expect((await screen.findByRole('alert')).textContent).toContain('your items are safe');
    expect(((await placeOrder()) as HTMLButtonElement).disabled).toBe(true);
  });
});
