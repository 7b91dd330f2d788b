import { catalogHandlers, createCatalogHandlers } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import { CatalogPage } from './catalog-page';

const cardNames = () =>
  within(screen.getByRole('list'))
    .getAllByRole('heading', { level: 2 })
    .map((heading) => heading.textContent);

const location = () => screen.getByTestId('location').textContent;

describe('CatalogPage, catalog live', () => {
  it('renders the first page of products with a count and pagination', async () => {
    renderWithRouter(<CatalogPage />);
    expect(screen.getByRole('heading', { level: 1, name: 'Products' })).toBeTruthy();
    expect(await screen.findAllByRole('article')).toHaveLength(12);
    expect(screen.getByText('24 products')).toBeTruthy();
    expect(cardNames()[0]).toBe('Adjustable Dumbbells');
    expect(screen.getByRole('link', { name: 'Desk Lamp' }).getAttribute('href')).toBe('/products/desk-lamp');
    expect(screen.getByText('Page 1 of 2')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Cast Iron Skillet' })).toBeTruthy();
    expect(screen.getAllByText('Out of stock').length).toBeGreaterThan(0);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('searches and keeps the text in the URL', async () => {
    const { user } = renderWithRouter(<CatalogPage />);
    await screen.findAllByRole('article');
    await user.type(screen.getByRole('searchbox', { name: 'Search products' }), 'lamp');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(1));
    expect(screen.getByRole('heading', { name: 'Desk Lamp' })).toBeTruthy();
    expect(screen.getByText('1 product')).toBeTruthy();
    expect(location()).toBe('/?q=lamp');
  });

  it('filters by category and sorts by price', async () => {
    const { user } = renderWithRouter(<CatalogPage />);
    await screen.findByRole('option', { name: 'Audio (4)' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Category' }), 'audio');
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(4));
    expect(screen.getByText('4 products')).toBeTruthy();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'price-asc');
    await waitFor(() => expect(location()).toBe('/?category=audio&sort=price-asc'));
    await waitFor(() =>
      expect(cardNames()).toEqual([
        'Portable Speaker',
        'Wireless Headphones',
        'Bookshelf Speakers',
        'Belt-Drive Turntable',
      ]),
    );
  });

  it('pages forward and back', async () => {
    const { user } = renderWithRouter(<CatalogPage />);
    await screen.findAllByRole('article');
    const previous = screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement;
    expect(previous.disabled).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Page 2 of 2')).toBeTruthy();
    await waitFor(() => expect(cardNames()).toContain('Yoga Mat'));
    expect(location()).toBe('/?page=2');
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(cardNames()[0]).toBe('Adjustable Dumbbells'));
    expect(location()).toBe('/');
  });

  it('reads its state from the URL', async () => {
    renderWithRouter(<CatalogPage />, '/?category=office&sort=price-desc&page=1');
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(4));
    expect(cardNames()[0]).toBe('Standing Desk');
    expect((screen.getByRole('combobox', { name: 'Sort by' }) as HTMLSelectElement).value).toBe('price-desc');
  });
});

describe('CatalogPage, catalog degraded or unavailable', () => {
  it('shows saved products with a status notice', async () => {
    server.use(...catalogHandlers.degraded);
    renderWithRouter(<CatalogPage />);
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain(
      'Showing saved products — the catalog is temporarily unavailable. Live data will be back shortly.',
    );
    expect(notice.textContent).toMatch(/Saved at \d{1,2}:\d{2}/);
    expect(screen.getAllByRole('article')).toHaveLength(12);
  });

  it('shows a placeholder when unavailable and loads on "Retry now"', async () => {
    server.use(...catalogHandlers.unavailable);
    const { user } = renderWithRouter(<CatalogPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/The catalog is temporarily unavailable\. Retrying in \d+ s\./);
    expect(screen.queryByRole('article')).toBeNull();

    server.use(...catalogHandlers.normal);
    await user.click(within(alert).getByRole('button', { name: 'Retry now' }));
    expect(await screen.findAllByRole('article')).toHaveLength(12);
    expect(screen.queryByRole('alert')).toBeNull();
    // The categories came back with the same retry.
    expect(await screen.findByRole('option', { name: 'Audio (4)' })).toBeTruthy();
  });

  it('goes live again by itself after retryAfterMs when unavailable', async () => {
    server.use(...createCatalogHandlers('unavailable', { retryAfterMs: 50, once: true }));
    renderWithRouter(<CatalogPage />);
    expect(await screen.findByRole('alert')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(12), { timeout: 3000 });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('drops the degraded notice by itself once the catalog answers live', async () => {
    server.use(...createCatalogHandlers('degraded', { retryAfterMs: 50, once: true }));
    renderWithRouter(<CatalogPage />);
    expect(await screen.findByRole('status')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull(), { timeout: 3000 });
    expect(screen.getAllByRole('article')).toHaveLength(12);
  });
});
