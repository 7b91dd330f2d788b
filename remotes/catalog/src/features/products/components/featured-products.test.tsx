import { catalogHandlers } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import { FeaturedProducts } from './featured-products';

describe('FeaturedProducts', () => {
  it('shows up to `limit` featured products', async () => {
    renderWithRouter(<FeaturedProducts limit={3} />);
    const section = screen.getByRole('region', { name: 'Featured products' });
    const cards = await within(section).findAllByRole('article');
    expect(cards).toHaveLength(3);
    const names = within(section)
      .getAllByRole('heading', { level: 3 })
      .map((heading) => heading.textContent);
    expect(names).toEqual(['Cast Iron Skillet', 'Linen Throw', 'Standing Desk']);
  });

  it('shows four by default', async () => {
    renderWithRouter(<FeaturedProducts />);
    expect(await screen.findAllByRole('article')).toHaveLength(4);
  });

  it('shows the placeholder when the catalog is unavailable', async () => {
    server.use(...catalogHandlers.unavailable);
    renderWithRouter(<FeaturedProducts />);
    expect((await screen.findByRole('alert')).textContent).toContain('Retrying in');
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeTruthy();
  });
});
