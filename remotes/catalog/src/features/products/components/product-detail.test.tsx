import { catalogHandlers } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import { ProductDetail } from './product-detail';

describe('ProductDetail', () => {
  it('shows one product by slug', async () => {
    renderWithRouter(<ProductDetail productId="yoga-mat" />, '/products/yoga-mat');
    expect(await screen.findByRole('heading', { level: 1, name: 'Yoga Mat' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Yoga Mat' })).toBeTruthy();
    expect(screen.getByText('$49.00')).toBeTruthy();
    expect(screen.getByText('In stock: 33 available')).toBeTruthy();
    expect(screen.getByText(/natural-rubber mat/)).toBeTruthy();
    expect(screen.getByRole('link', { name: /Back to all products/ }).getAttribute('href')).toBe('/');
  });

  it('shows one product by id, out of stock', async () => {
    renderWithRouter(<ProductDetail productId="3" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Chef Knife 20 cm' })).toBeTruthy();
    expect(screen.getByText('Out of stock')).toBeTruthy();
  });

  it('says "Product not found" with a way back for an unknown product', async () => {
    renderWithRouter(<ProductDetail productId="no-such-thing" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Product not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Back to all products/ })).toBeTruthy();
  });

  it('shows the saved product with a notice when degraded', async () => {
    server.use(...catalogHandlers.degraded);
    renderWithRouter(<ProductDetail productId="desk-lamp" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Desk Lamp' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Showing saved products');
  });
});
