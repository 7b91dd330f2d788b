import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeCatalogLoader, LOCAL_REGISTRY, renderApp } from '../../../test/fakes';
import type { Registry } from '../../registry';
import type { RemoteModuleLoader } from '../../remotes';

const okRegistry = () => vi.fn(async (): Promise<Registry> => LOCAL_REGISTRY);

/** Loads every module except those of `down`, which reject like an unreachable remote. */
function loaderWithout(down: string): RemoteModuleLoader {
  const working = fakeCatalogLoader();
  return vi.fn<RemoteModuleLoader>(async (remote, module) => {
    if (remote === down) throw new Error('RUNTIME-003 Failed to get manifest');
    return working(remote, module);
  });
}

describe('header slots', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('places the cart badge and the account menu in the header', async () => {
    const loadModule = vi.fn(fakeCatalogLoader());
    renderApp('/', { loadRegistry: okRegistry(), loadModule });
    const header = screen.getByRole('banner');
    expect(await within(header).findByText('remote ./CartBadge {}')).toBeTruthy();
    expect(await within(header).findByText('remote ./AccountMenu {}')).toBeTruthy();
    expect(loadModule).toHaveBeenCalledWith('cart', './CartBadge');
    expect(loadModule).toHaveBeenCalledWith('account', './AccountMenu');
  });

  it('shows a small inline hint for a missing cart remote; the header and the page keep working', async () => {
    const user = userEvent.setup();
    renderApp('/', { loadRegistry: okRegistry(), loadModule: loaderWithout('cart') });
    const header = screen.getByRole('banner');
    expect((await within(header).findByRole('status')).textContent).toBe('Cart unavailable');
    expect(within(header).getByRole('button', { name: 'Retry cart' })).toBeTruthy();
    // Not an alert: the page's own alerts stay meaningful.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await within(header).findByText('remote ./AccountMenu {}')).toBeTruthy();
    expect(await screen.findByText('remote ./CatalogPage {}')).toBeTruthy();

    await user.click(within(header).getByRole('link', { name: 'Account' }));
    expect(await screen.findByText('remote ./AccountPage {}')).toBeTruthy();
  });

  it('retries the account menu by itself from its compact fallback', async () => {
    const user = userEvent.setup();
    const working = fakeCatalogLoader();
    let accountCalls = 0;
    // The account remote is down for its first load only.
    const loadModule = vi.fn<RemoteModuleLoader>(async (remote, module) => {
      if (remote === 'account' && ++accountCalls === 1) throw new Error('down once');
      return working(remote, module);
    });
    const loadRegistry = okRegistry();
    renderApp('/', { loadRegistry, loadModule });
    const header = screen.getByRole('banner');
    expect((await within(header).findByRole('status')).textContent).toBe('Account unavailable');

    await user.click(within(header).getByRole('button', { name: 'Retry account' }));
    expect(await within(header).findByText('remote ./AccountMenu {}')).toBeTruthy();
    expect(loadRegistry).toHaveBeenCalledTimes(2);
  });
});

describe('cart and account routes', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['/cart', 'cart', './CartPage'],
    ['/checkout', 'cart', './Checkout'],
    ['/signin?returnTo=/checkout', 'account', './SignIn'],
    ['/account', 'account', './AccountPage'],
  ])('%s renders %s %s', async (url, remote, module) => {
    const loadModule = vi.fn(fakeCatalogLoader());
    renderApp(url, { loadRegistry: okRegistry(), loadModule });
    const main = screen.getByRole('main');
    expect(await within(main).findByText(`remote ${module} {}`)).toBeTruthy();
    expect(loadModule).toHaveBeenCalledWith(remote, module);
  });

  it.each([
    ['/cart', 'cart', 'The cart is unavailable right now.'],
    ['/checkout', 'cart', 'Checkout is unavailable right now.'],
    ['/signin', 'account', 'Sign-in is unavailable right now.'],
    ['/account', 'account', 'Your account is unavailable right now.'],
  ])('%s names what is missing when the %s remote is down', async (url, remote, text) => {
    renderApp(url, { loadRegistry: okRegistry(), loadModule: loaderWithout(remote) });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(text);
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
  });

  it('keeps the not-found route', () => {
    renderApp('/orders/unknown');
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });

  it('fails only the account slots when the registry lists just the catalog', async () => {
    const loadModule = vi.fn(fakeCatalogLoader());
    renderApp('/account', {
      loadRegistry: async () => ({
        schemaVersion: 1,
        remotes: { catalog: { entry: 'https://catalog.example.test/mf-manifest.json' } },
      }),
      loadModule,
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Your account is unavailable right now.',
    );
    const header = screen.getByRole('banner');
    const hints = await within(header).findAllByRole('status');
    expect(hints.map((hint) => hint.textContent)).toEqual(['Cart unavailable', 'Account unavailable']);
    expect(loadModule).not.toHaveBeenCalled();
  });
});
