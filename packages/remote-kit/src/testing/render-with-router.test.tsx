import { Link, Route, Routes, useSearchParams } from '@storefront/router';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithRouter } from './render-with-router';

afterEach(cleanup);

function Pages() {
  const [params] = useSearchParams();
  return (
    <Routes>
      <Route path="/" element={<Link to="/products?page=2">Next page</Link>} />
      <Route path="/products" element={<h1>Page {params.get('page')}</h1>} />
    </Routes>
  );
}

describe('renderWithRouter', () => {
  it('starts at the given URL and shows it in the location probe', () => {
    renderWithRouter(<Pages />, '/products?page=3');
    expect(screen.getByRole('heading', { name: 'Page 3' })).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/products?page=3');
  });

  it('starts at / by default, and its user follows links within the router', async () => {
    const { user } = renderWithRouter(<Pages />);
    expect(screen.getByTestId('location').textContent).toBe('/');
    await user.click(screen.getByRole('link', { name: 'Next page' }));
    expect(screen.getByRole('heading', { name: 'Page 2' })).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/products?page=2');
  });
});
