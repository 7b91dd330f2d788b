// @vitest-environment jsdom
import '../../shell/src/test/setup';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../shell/src/test/fakes';
import { REMOTE_MODULES } from './remote-modules';
import { monolithServices } from './static-services';

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

// `catalog/CatalogPage` etc. are stubs that print their id here (see bench/vitest.config.mts): this checks that the
// table holds every module the shell's routes and header ask for, not the remotes themselves.
describe('the monolith build’s modules', () => {
  it.each([
    ['/', ['catalog/FeaturedProducts', 'catalog/CatalogPage']],
    ['/products/yoga-mat', ['catalog/ProductDetail']],
    ['/cart', ['cart/CartPage']],
    ['/checkout', ['cart/Checkout']],
    ['/signin', ['account/SignIn']],
    ['/account', ['account/AccountPage']],
  ])('fill every slot of %s and the header, without fetching anything', async (url, page) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    renderApp(url, monolithServices(REMOTE_MODULES));

    for (const id of ['cart/CartBadge', 'account/AccountMenu', ...page]) {
      expect(await screen.findByText(`bundled ${id}`)).toBeTruthy();
    }
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(window.__STOREFRONT__).toBeUndefined();
    expect(screen.getByRole('contentinfo').textContent).toContain('monolith');
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
