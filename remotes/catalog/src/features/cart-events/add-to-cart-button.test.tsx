import { ADD_TO_CART_EVENT, ADD_TO_CART_RESULT_EVENT } from '@storefront/contract/browser';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogPage, ProductDetail } from '../products';
import { AddToCartButton } from './add-to-cart-button';

let removeCart: (() => void) | null = null;

/** Stands in for the cart remote: records add requests and answers each with `answer(detail)` (or not at all). */
function fakeCart(answer: ((detail: { productId: number }) => { ok: boolean; message: string }) | null) {
  const requests: unknown[] = [];
  const onAdd = (event: Event) => {
    const detail = (event as CustomEvent<{ productId: number }>).detail;
    requests.push(detail);
    if (!answer) return;
    const result = answer(detail);
    // Asynchronous, like the real cart (it waits for the BFF).
    setTimeout(() =>
      window.dispatchEvent(
        new CustomEvent(ADD_TO_CART_RESULT_EVENT, { detail: { productId: detail.productId, ...result } }),
      ),
    );
  };
  window.addEventListener(ADD_TO_CART_EVENT, onAdd);
  removeCart = () => window.removeEventListener(ADD_TO_CART_EVENT, onAdd);
  return requests;
}

afterEach(() => {
  removeCart?.();
  removeCart = null;
});

describe('AddToCartButton', () => {
  it('asks the cart with a window event and says "Added to cart" when it answers ok', async () => {
    const requests = fakeCart(() => ({ ok: true, message: 'Yoga Mat added to cart' }));
    const { user } = renderWithRouter(<ProductDetail productId="yoga-mat" />);
    await user.click(await screen.findByRole('button', { name: 'Add to cart: Yoga Mat' }));
    expect((await screen.findByRole('status')).textContent).toBe('Added to cart');
    expect(requests).toHaveLength(1);
    expect(requests).toEqual([{ productId: 21, quantity: 1, name: 'Yoga Mat' }]);
  });

  it("shows the cart's message when the add fails", async () => {
    fakeCart(() => ({ ok: false, message: 'Cart temporarily unavailable — your items are safe' }));
    const { user } = renderWithRouter(
      <AddToCartButton productId={4} name="Bamboo Cutting Board" stock={3} />,
    );
    await user.click(screen.getByRole('button', { name: 'Add to cart: Bamboo Cutting Board' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Cart temporarily unavailable — your items are safe',
    );
  });

  it('says the cart is unavailable when nothing answers in time', async () => {
    const requests = fakeCart(null);
    const { user } = renderWithRouter(
      <AddToCartButton productId={4} name="Bamboo Cutting Board" stock={3} timeoutMs={50} />,
    );
    await user.click(screen.getByRole('button', { name: 'Add to cart: Bamboo Cutting Board' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Cart is unavailable right now.');
    expect(requests).toEqual([{ productId: 4, quantity: 1, name: 'Bamboo Cutting Board' }]);
  });

  it('ignores answers about other products', async () => {
    fakeCart(() => ({ ok: true, message: 'ok' }));
    window.addEventListener(
      ADD_TO_CART_EVENT,
      () =>
        window.dispatchEvent(
          new CustomEvent(ADD_TO_CART_RESULT_EVENT, {
            detail: { productId: 999, ok: false, message: 'other' },
          }),
        ),
      { once: true },
    );
    const { user } = renderWithRouter(<AddToCartButton productId={15} name="Desk Lamp" stock={2} />);
    await user.click(screen.getByRole('button', { name: 'Add to cart: Desk Lamp' }));
    expect((await screen.findByRole('status')).textContent).toBe('Added to cart');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('is disabled "Out of stock" for a product without stock, on the card and the detail page', async () => {
    renderWithRouter(<ProductDetail productId="chef-knife" />);
    const button = (await screen.findByRole('button', { name: 'Out of stock' })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });

  it('puts a button on every card of the grid', async () => {
    renderWithRouter(<CatalogPage />);
    const cards = await screen.findAllByRole('article');
    const skillet = cards.find((card) => within(card).queryByRole('link', { name: 'Cast Iron Skillet' }));
    expect(
      skillet && within(skillet).getByRole('button', { name: 'Add to cart: Cast Iron Skillet' }),
    ).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Out of stock' }).length).toBeGreaterThan(0);
  });
});
