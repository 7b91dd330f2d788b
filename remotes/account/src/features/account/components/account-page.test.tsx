import type { OrdersAnswer } from '@storefront/contract/browser';
import {
  accountHandlers,
  accountMockStore,
  cartHandlers,
  createAccountHandlers,
  createCartHandlers,
  demoUser,
} from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import { AccountMenu } from '../../session';
import { AccountPage } from './account-page';

function renderPage() {
  return renderWithRouter(
    <>
      <AccountMenu />
      <AccountPage />
    </>,
    '/account',
  );
}

const input = (name: string) => screen.getByLabelText(name) as HTMLInputElement;

describe('AccountPage', () => {
  it('asks a signed-out shopper to sign in and come back', async () => {
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Your account' })).toBeTruthy();
    const links = await screen.findAllByRole('link', { name: 'Sign in' });
    expect(links.map((link) => link.getAttribute('href'))).toContain('/signin?returnTo=/account');
  });

  it('lists the orders newest first with date, item count, total, status and lines', async () => {
    accountMockStore.signInAs(demoUser.email);
    renderPage();
    const history = await screen.findByRole('region', { name: 'Order history' });
    const orders = await within(history).findAllByRole('article');
    expect(orders.map((order) => within(order).getByRole('heading', { level: 3 }).textContent)).toEqual([
      'Order 1002',
      'Order 1001',
    ]);
    const [newest] = orders;
    if (!newest) throw new Error('no order');
    expect(newest.textContent).toContain('May 20, 2025');
    expect(newest.textContent).toContain('3 items');
    expect(newest.textContent).toContain('$467.00');
    expect(newest.textContent).toContain('Placed');
    const lines = within(within(newest).getByRole('list', { name: 'Items of order 1002' })).getAllByRole(
      'listitem',
    );
    expect(lines.map((line) => line.textContent)).toEqual([
      '2 × Linen Throw — $118.00',
      '1 × Standing Desk — $349.00',
    ]);
  });

  it('formats totals in the order’s own currency', async () => {
    accountMockStore.signInAs(demoUser.email);
    server.use(
      http.get('*/api/orders', () =>
        HttpResponse.json<OrdersAnswer>({
          orders: [
            {
              id: 7,
              checkoutId: 'c-7',
              status: 'placed',
              currency: 'EUR',
              totalCents: 1250,
              itemCount: 1,
              shippingAddress: null,
              createdAt: '2025-01-01T10:00:00Z',
              lines: [
                {
                  productId: 1,
                  name: 'Mug',
                  unitPriceCents: 1250,
                  currency: 'EUR',
                  quantity: 1,
                  lineTotalCents: 1250,
                },
              ],
            },
          ],
          meta: { requestId: 'r', degraded: null },
        }),
      ),
    );
    renderPage();
    const order = await screen.findByRole('article', { name: 'Order 7' });
    expect(order.textContent).toContain('€12.50');
    expect(order.textContent).toContain('1 item');
  });

  it('fills the profile form and saves it', async () => {
    accountMockStore.signInAs(demoUser.email);
    const { user } = renderPage();
    await screen.findByRole('link', { name: 'Hi, Ada Lovelace' });
    expect((await screen.findByLabelText('City')) as HTMLInputElement).toBeTruthy();
    expect(input('Name').value).toBe('Ada Lovelace');
    expect(input('City').value).toBe('London');
    expect(input('Country (two letters)').value).toBe('GB');

    await user.clear(input('Name'));
    await user.type(input('Name'), 'Ada King');
    await user.clear(input('City'));
    await user.type(input('City'), 'Paris');
    await user.clear(input('Country (two letters)'));
    await user.type(input('Country (two letters)'), 'fr');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByText('Profile saved.')).toBeTruthy();
    expect(accountMockStore.profile()).toMatchObject({
      name: 'Ada King',
      shippingAddress: { city: 'Paris', country: 'FR' },
    });
    // The header knows the new name at once.
    expect(screen.getByRole('link', { name: 'Hi, Ada King' })).toBeTruthy();
  });

  it('checks the address before saving', async () => {
    accountMockStore.signInAs(demoUser.email);
    const { user } = renderPage();
    // The session settles first (as in the test above): until then the profile form may be mounted afresh,
    // losing what was typed, and the save would then go through.
    await screen.findByRole('link', { name: 'Hi, Ada Lovelace' });
    await screen.findByLabelText('City');
    await user.clear(input('Country (two letters)'));
    await user.type(input('Country (two letters)'), 'F');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter the country as two letters, e.g. US.');
    expect(accountMockStore.profile()?.shippingAddress?.country).toBe('GB');
  });

  it('shows saved copies with a notice when degraded', async () => {
    accountMockStore.signInAs(demoUser.email);
    // The account service answers the profile, the cart service the orders (as the BFF asks them).
    server.use(...accountHandlers.degraded, ...cartHandlers.degraded);
    renderPage();
    const history = await screen.findByRole('region', { name: 'Order history' });
    expect(await within(history).findAllByRole('article')).toHaveLength(2);
    expect(within(history).getByRole('status').textContent).toContain('Showing your saved order history');
    const profile = screen.getByRole('region', { name: 'Profile' });
    expect((await within(profile).findAllByRole('status'))[0]?.textContent).toContain(
      'Showing your saved profile',
    );
  });

  it('shows placeholders with a retry when profile and orders are unavailable, and recovers', async () => {
    accountMockStore.signInAs(demoUser.email);
    // The session is known; only the profile and order reads fail (once each, then live again).
    const unavailableOnce = { retryAfterMs: 60_000, once: true };
    const failing = [
      ...createAccountHandlers('unavailable', unavailableOnce),
      ...createCartHandlers('unavailable', unavailableOnce),
    ].filter((handler) =>
      ['/api/account/profile', '/api/orders'].includes(String(handler.info.path).slice(1)),
    );
    server.use(...failing);
    const { user } = renderPage();
    const history = await screen.findByRole('region', { name: 'Order history' });
    const alert = await within(history).findByRole('alert');
    expect(alert.textContent).toContain('Your order history is temporarily unavailable.');
    expect(alert.textContent).toMatch(/Retrying in \d+ s\./);
    const profile = screen.getByRole('region', { name: 'Profile' });
    expect((await within(profile).findByRole('alert')).textContent).toContain(
      'Your profile is temporarily unavailable.',
    );

    await user.click(within(history).getByRole('button', { name: 'Retry now' }));
    expect(await within(history).findAllByRole('article')).toHaveLength(2);
  });
});
