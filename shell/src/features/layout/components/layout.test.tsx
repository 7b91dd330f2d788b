import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../../test/fakes';

describe('layout', () => {
  it('renders the header, the navigation and the footer', async () => {
    renderApp('/');
    const header = screen.getByRole('banner');
    expect(within(header).getByRole('link', { name: 'Storefront' }).getAttribute('href')).toBe('/');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Catalog', '/'],
      ['Cart', '/cart'],
      ['Account', '/account'],
      ['Ops', '/ops'],
    ]);
    expect(header.querySelector('[data-slot="cart-badge"]')).not.toBeNull();
    expect(header.querySelector('[data-slot="account-menu"]')).not.toBeNull();
    expect(screen.getByRole('main')).toBeTruthy();

    const footer = screen.getByRole('contentinfo');
    expect(within(footer).getByRole('link', { name: 'Resilience status' }).getAttribute('href')).toBe('/ops');
    expect(within(footer).getByRole('link', { name: 'Resilience status as JSON' }).getAttribute('href')).toBe(
      '/api/resilience',
    );
    expect(await within(footer).findAllByText('local')).toHaveLength(3);
    expect(within(footer).getByText('catalog')).toBeTruthy();
  });

  it('fills the home page with the featured strip (limit 4) and the catalog', async () => {
    renderApp('/');
    expect(screen.getByText('Good things for every day, delivered fast.')).toBeTruthy();
    expect(await screen.findByText('remote ./FeaturedProducts {"limit":4}')).toBeTruthy();
    expect(await screen.findByText('remote ./CatalogPage {}')).toBeTruthy();
  });

  it('passes the product id from the URL to ProductDetail', async () => {
    renderApp('/products/blue-mug');
    expect(await screen.findByText('remote ./ProductDetail {"productId":"blue-mug"}')).toBeTruthy();
  });

  it('navigates between the catalog, cart and account pages', async () => {
    const user = userEvent.setup();
    renderApp('/cart');
    expect(await screen.findByText('remote ./CartPage {}')).toBeTruthy();

    await user.click(screen.getByRole('link', { name: 'Account' }));
    expect(await screen.findByText('remote ./AccountPage {}')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Account' }).getAttribute('aria-current')).toBe('page');

    await user.click(screen.getByRole('link', { name: 'Catalog' }));
    expect(await screen.findByText('remote ./CatalogPage {}')).toBeTruthy();
  });

  it('shows a not-found page for unknown URLs', () => {
    renderApp('/no/such/page');
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
  });
});
