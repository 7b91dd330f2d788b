import {
  ADD_TO_CART_EVENT,
  ADD_TO_CART_RESULT_EVENT,
  CART_CHANGED_EVENT,
  SESSION_CHANGED_EVENT,
} from '@storefront/contract/browser';
import { cartHandlers, cartMockStates, demoUser } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { recordRequests, writesOf } from '../../../testing/requests';
import { server } from '../../../testing/server';
import { ADD_UNAVAILABLE_MESSAGE, CartBadge } from './cart-badge';
import { CartPage } from './cart-page';

/** Collects the `detail` of every `name` event on window. */
function listen(name: string): unknown[] {
  const details: unknown[] = [];
  window.addEventListener(name, (event) => details.push((event as CustomEvent).detail));
  return details;
}

const addToCart = (detail: object) => window.dispatchEvent(new CustomEvent(ADD_TO_CART_EVENT, { detail }));

describe('CartBadge', () => {
  it('shows the item count and links to the cart', async () => {
    const changes = listen(CART_CHANGED_EVENT);
    renderWithRouter(<CartBadge />);
    const link = await screen.findByRole('link', { name: 'Cart, 3 items' });
    expect(link.getAttribute('href')).toBe('/cart');
    expect(changes).toContainEqual({ itemCount: 3, status: 'live' });
  });

  it('adds on storefront:add-to-cart, answers with a result and tells everyone the new count', async () => {
    const results = listen(ADD_TO_CART_RESULT_EVENT);
    const changes = listen(CART_CHANGED_EVENT);
    const sent = recordRequests();
    renderWithRouter(<CartBadge />);
    await screen.findByRole('link', { name: 'Cart, 3 items' });

    addToCart({ productId: 5, quantity: 1, name: 'Wireless Headphones' });
    expect(await screen.findByRole('link', { name: 'Cart, 4 items' })).toBeTruthy();
    expect(results).toEqual([{ productId: 5, ok: true, message: 'Wireless Headphones added to cart' }]);
    expect(changes.at(-1)).toEqual({ itemCount: 4, status: 'live' });

    // A second click is a second action: a second item, with a new key.
    addToCart({ productId: 5, quantity: 1, name: 'Wireless Headphones' });
    expect(await screen.findByRole('link', { name: 'Cart, 5 items' })).toBeTruthy();
    const keys = writesOf(sent).map((request) => request.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('ignores an add whose detail does not fit the contract (a product id that is not an integer)', async () => {
    const results = listen(ADD_TO_CART_RESULT_EVENT);
    const sent = recordRequests();
    renderWithRouter(<CartBadge />);
    await screen.findByRole('link', { name: 'Cart, 3 items' });
    addToCart({ productId: 'p-005', quantity: 1, name: 'Wireless Headphones' });
    addToCart({ productId: 5, quantity: 1, name: 'Wireless Headphones' });
    expect(await screen.findByRole('link', { name: 'Cart, 4 items' })).toBeTruthy();
    expect(writesOf(sent)).toHaveLength(1);
    expect(results).toEqual([{ productId: 5, ok: true, message: 'Wireless Headphones added to cart' }]);
  });

  it('answers a refused add with the reason (out of stock)', async () => {
    const results = listen(ADD_TO_CART_RESULT_EVENT);
    renderWithRouter(<CartBadge />);
    await screen.findByRole('link', { name: 'Cart, 3 items' });
    addToCart({ productId: 3, quantity: 1, name: 'Chef Knife 20 cm' });
    await waitFor(() => expect(results).toHaveLength(1));
    expect(results[0]).toEqual({ productId: 3, ok: false, message: 'Chef Knife 20 cm is out of stock' });
  });

  it('shows that the cart is unavailable and says the items are safe when adding', async () => {
    server.use(...cartHandlers.unavailable);
    const results = listen(ADD_TO_CART_RESULT_EVENT);
    const changes = listen(CART_CHANGED_EVENT);
    renderWithRouter(<CartBadge />);
    expect(await screen.findByRole('link', { name: 'Cart unavailable' })).toBeTruthy();
    expect(changes).toContainEqual({ itemCount: 0, status: 'unavailable' });

    addToCart({ productId: 5, quantity: 1, name: 'Wireless Headphones' });
    await waitFor(() => expect(results).toHaveLength(1));
    expect(results[0]).toEqual({ productId: 5, ok: false, message: ADD_UNAVAILABLE_MESSAGE });
    expect(ADD_UNAVAILABLE_MESSAGE).toBe('Cart temporarily unavailable — your items are safe');
  });

  it('repeats an add that failed with its key (its effect may have happened), then uses new keys again', async () => {
    const sent = recordRequests();
    const results = listen(ADD_TO_CART_RESULT_EVENT);
    renderWithRouter(<CartBadge />);
    await screen.findByRole('link', { name: 'Cart, 3 items' });
    server.use(...cartHandlers.unavailable);
    addToCart({ productId: 5, quantity: 1, name: 'Wireless Headphones' });
    await waitFor(() => expect(results).toHaveLength(1));
    server.resetHandlers();
    // The click after the error is the same action: same key (the cart service replays it if it was applied).
    addToCart({ productId: 5, quantity: 1, name: 'Wireless Headphones' });
    await waitFor(() => expect(results).toHaveLength(2));
    addToCart({ productId: 5, quantity: 1, name: 'Wireless Headphones' });
    await waitFor(() => expect(results).toHaveLength(3));
    const keys = writesOf(sent).map((request) => request.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('reloads on storefront:session-changed (the anonymous cart was merged)', async () => {
    renderWithRouter(<CartBadge />);
    await screen.findByRole('link', { name: 'Cart, 3 items' });
    cartMockStates.normal.add(6, 4);
    const user = { id: demoUser.id, email: demoUser.email, name: demoUser.name };
    window.dispatchEvent(new CustomEvent(SESSION_CHANGED_EVENT, { detail: { signedIn: true, user } }));
    expect(await screen.findByRole('link', { name: 'Cart, 7 items' })).toBeTruthy();
  });

  it('stays in sync with the cart page without a reload', async () => {
    const { user } = renderWithRouter(
      <>
        <CartBadge />
        <CartPage />
      </>,
    );
    await screen.findByRole('link', { name: 'Cart, 3 items' });
    await user.click(await screen.findByRole('button', { name: 'Remove Pour-Over Coffee Set' }));
    expect(await screen.findByRole('link', { name: 'Cart, 1 item' })).toBeTruthy();
  });
});
