import { Link, Route } from '@storefront/router';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { StandaloneLayout } from './standalone-layout';

afterEach(() => {
  cleanup();
  // BrowserRouter reads the real location: every test starts on the home page.
  window.history.replaceState(null, '', '/');
});

describe('StandaloneLayout', () => {
  it('says which remote runs standalone, with a link home, and shows the route in <main>', () => {
    render(
      <StandaloneLayout title="Catalog remote">
        <Route path="/" element={<h1>Products</h1>} />
      </StandaloneLayout>,
    );
    const header = screen.getByRole('banner');
    expect(within(header).getByRole('link', { name: 'Catalog remote' }).getAttribute('href')).toBe('/');
    expect(within(header).getByText('standalone')).toBeTruthy();
    expect(within(screen.getByRole('main')).getByRole('heading', { name: 'Products' })).toBeTruthy();
  });

  it('puts the header slot at the end of the header', () => {
    render(
      <StandaloneLayout title="Cart remote" aside={<a href="/cart">Cart, 3 items</a>}>
        <Route path="/" element={<p>Home</p>} />
      </StandaloneLayout>,
    );
    const links = within(screen.getByRole('banner')).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['Cart remote', 'Cart, 3 items']);
  });

  it('routes between its pages and back home from the header', async () => {
    const user = userEvent.setup();
    render(
      <StandaloneLayout title="Account remote" tone="light">
        <Route path="/" element={<Link to="/signin">Sign in</Link>} />
        <Route path="/signin" element={<h1>Sign in</h1>} />
      </StandaloneLayout>,
    );
    await user.click(screen.getByRole('link', { name: 'Sign in' }));
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(window.location.pathname).toBe('/signin');
    await user.click(screen.getByRole('link', { name: 'Account remote' }));
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeTruthy();
  });

  it('draws a light header when told (for slots drawn for a light host header)', () => {
    const { rerender } = render(
      <StandaloneLayout title="Account remote" tone="light">
        <Route path="/" element={null} />
      </StandaloneLayout>,
    );
    expect(screen.getByRole('banner').className).toContain('remote-kit-standalone__header--light');
    rerender(
      <StandaloneLayout title="Account remote">
        <Route path="/" element={null} />
      </StandaloneLayout>,
    );
    expect(screen.getByRole('banner').className).not.toContain('--light');
  });
});
