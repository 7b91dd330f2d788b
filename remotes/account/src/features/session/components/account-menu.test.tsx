import { SESSION_CHANGED_EVENT, type SessionChangedDetail } from '@storefront/contract/browser';
import { accountHandlers, accountMockStore, demoUser } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import { AccountMenu } from './account-menu';

describe('AccountMenu', () => {
  it('offers "Sign in" when signed out', async () => {
    renderWithRouter(<AccountMenu />);
    const link = await screen.findByRole('link', { name: 'Sign in' });
    expect(link.getAttribute('href')).toBe('/signin');
  });

  it('greets the signed-in shopper, links to the account and signs out', async () => {
    accountMockStore.signInAs(demoUser.email);
    const events: SessionChangedDetail[] = [];
    const listener = (event: Event) => events.push((event as CustomEvent<SessionChangedDetail>).detail);
    window.addEventListener(SESSION_CHANGED_EVENT, listener);
    try {
      const { user } = renderWithRouter(<AccountMenu />);
      const greeting = await screen.findByRole('link', { name: 'Hi, Ada Lovelace' });
      expect(greeting.getAttribute('href')).toBe('/account');

      await user.click(screen.getByRole('button', { name: 'Sign out' }));
      expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy();
      expect(accountMockStore.currentUser()).toBeNull();
      expect(events).toEqual([{ signedIn: false, user: null }]);
    } finally {
      window.removeEventListener(SESSION_CHANGED_EVENT, listener);
    }
  });

  it('shows a small hint, not an error page, while the account service is unavailable', async () => {
    server.use(...accountHandlers.unavailable);
    const { user } = renderWithRouter(<AccountMenu />);
    expect((await screen.findByRole('status')).textContent).toBe('Account unavailable');
    expect(screen.queryByRole('alert')).toBeNull();

    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: 'Retry account' }));
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy();
  });

  it('shows the shopper from a saved copy when the account service is degraded', async () => {
    accountMockStore.signInAs(demoUser.email);
    server.use(...accountHandlers.degraded);
    renderWithRouter(<AccountMenu />);
    expect(await screen.findByRole('link', { name: 'Hi, Ada Lovelace' })).toBeTruthy();
  });
});
