import { cartHandlers, createCartHandlers } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { recordRequests, writesOf } from '../../../testing/requests';
import { server } from '../../../testing/server';
import { CartPage } from './cart-page';

const lineNames = () =>
  within(screen.getByRole('list', { name: 'Items in your cart' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('CartPage, cart live', () => {
  it('lists the lines with links, prices, subtotal and the way to checkout', async () => {
    renderWithRouter(<CartPage />);
    expect(screen.getByRole('heading', { level: 1, name: 'Your cart' })).toBeTruthy();
    await screen.findByRole('list', { name: 'Items in your cart' });
    expect(lineNames()).toEqual(['Cast Iron Skillet', 'Pour-Over Coffee Set']);
    expect(screen.getByRole('link', { name: 'Cast Iron Skillet' }).getAttribute('href')).toBe(
      '/products/cast-iron-skillet',
    );
    expect(screen.getByText('$45.00 each')).toBeTruthy();
    expect(
      (screen.getByRole('spinbutton', { name: 'Quantity for Pour-Over Coffee Set' }) as HTMLInputElement)
        .value,
    ).toBe('2');
    expect(screen.getByText('$129.00')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Check out' }).getAttribute('href')).toBe('/checkout');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('changes a quantity and removes a line, each with its own Idempotency-Key', async () => {
    const sent = recordRequests();
    const { user } = renderWithRouter(<CartPage />);
    const quantity = await screen.findByRole('spinbutton', { name: 'Quantity for Pour-Over Coffee Set' });
    await user.clear(quantity);
    await user.type(quantity, '3');
    await user.click(screen.getByRole('button', { name: 'Update quantity for Pour-Over Coffee Set' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Quantity of Pour-Over Coffee Set is now 3.',
    );
    expect(screen.getByText('$174.00')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove Cast Iron Skillet' }));
    await waitFor(() => expect(lineNames()).toEqual(['Pour-Over Coffee Set']));

    const writes = writesOf(sent);
    expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
      'PATCH /api/cart/lines/2',
      'DELETE /api/cart/lines/1',
    ]);
    for (const write of writes) expect(write.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(writes[0]?.idempotencyKey).not.toBe(writes[1]?.idempotencyKey);
  });

  it('says the cart is empty with a way back to shopping', async () => {
    server.use(...createCartHandlers('normal', { initialLines: [] }));
    renderWithRouter(<CartPage />);
    expect(await screen.findByText('Your cart is empty')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Continue shopping' }).getAttribute('href')).toBe('/');
    expect(screen.queryByRole('link', { name: 'Check out' })).toBeNull();
  });
});

describe('CartPage, cart degraded or unavailable', () => {
  it('shows the saved cart with a notice', async () => {
    server.use(...cartHandlers.degraded);
    renderWithRouter(<CartPage />);
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('Showing your saved cart');
    expect(notice.textContent).toMatch(/Saved at \d{1,2}:\d{2}/);
    expect(lineNames()).toEqual(['Cast Iron Skillet', 'Pour-Over Coffee Set']);
  });

  it('says the items are safe, disables checkout and loads on "Retry now"', async () => {
    server.use(...cartHandlers.unavailable);
    const { user } = renderWithRouter(<CartPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cart temporarily unavailable — your items are safe.');
    expect(alert.textContent).toMatch(/Retrying in \d+ s\./);
    expect((screen.getByRole('button', { name: 'Check out' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole('link', { name: 'Check out' })).toBeNull();

    server.use(...cartHandlers.normal);
    await user.click(within(alert).getByRole('button', { name: 'Retry now' }));
    expect(await screen.findByRole('link', { name: 'Check out' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('goes live again by itself after retryAfterMs', async () => {
    server.use(...createCartHandlers('unavailable', { retryAfterMs: 50, once: true }));
    renderWithRouter(<CartPage />);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Check out' }, { timeout: 3000 })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('tells the shopper when a change cannot be saved', async () => {
    const { user } = renderWithRouter(<CartPage />);
    await screen.findByRole('list', { name: 'Items in your cart' });
    server.use(...cartHandlers.degraded);
    await user.click(screen.getByRole('button', { name: 'Remove Cast Iron Skillet' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not remove Cast Iron Skillet.');
    expect(alert.textContent).toContain('your items are safe');
  });
});
