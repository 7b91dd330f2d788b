import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_REGISTRY, moduleOf, renderApp, renderWithProviders } from '../../../test/fakes';
import { type Registry, RegistryError } from '../../registry';
import type { RemoteModuleLoader } from '../remote-loader-context';
import { RemoteSlot } from './remote-slot';

function Greeting({ name }: { name?: unknown }) {
  return <p>Hello {String(name)}</p>;
}

function Broken(): never {
  throw new Error('render exploded');
}

// Throws until the test declares it healthy.
const flaky = { healthy: false };
function Flaky() {
  if (!flaky.healthy) throw new Error('not yet');
  return <p>recovered</p>;
}

const okRegistry = () => vi.fn(async (): Promise<Registry> => LOCAL_REGISTRY);

describe('RemoteSlot', () => {
  beforeEach(() => {
    // The fallbacks are expected here: keep the console for real surprises.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('renders the remote component with its props after a loading skeleton', async () => {
    const loadModule = vi.fn<RemoteModuleLoader>(async () => moduleOf(Greeting));
    renderWithProviders(
      <RemoteSlot remote="catalog" module="./Greeting" props={{ name: 'Ada' }} title="Greeting" />,
      {
        loadRegistry: okRegistry(),
        loadModule,
      },
    );
    expect(screen.getByRole('status', { name: 'Loading: Greeting' })).toBeTruthy();
    expect(await screen.findByText('Hello Ada')).toBeTruthy();
    expect(loadModule).toHaveBeenCalledWith('catalog', './Greeting');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the room the page reserved from the skeleton to the loaded module (no layout shift below it)', async () => {
    const loadModule = vi.fn<RemoteModuleLoader>(async () => moduleOf(Greeting));
    renderWithProviders(
      <RemoteSlot remote="catalog" module="./Greeting" title="Greeting" reserve="shell-slot-featured" />,
      { loadRegistry: okRegistry(), loadModule },
    );
    const skeleton = screen.getByRole('status', { name: 'Loading: Greeting' });
    expect(skeleton.parentElement?.classList.contains('shell-slot-featured')).toBe(true);
    const loaded = await screen.findByText('Hello undefined');
    expect(loaded.parentElement?.classList.contains('shell-slot-featured')).toBe(true);
  });

  it('shows the fallback when loading fails, and Retry reloads the registry and loads again', async () => {
    const user = userEvent.setup();
    const loadRegistry = okRegistry();
    const loadModule = vi
      .fn<RemoteModuleLoader>()
      .mockRejectedValueOnce(new Error('RUNTIME-003 Failed to get manifest'))
      .mockResolvedValueOnce(moduleOf(Greeting));
    renderWithProviders(
      <RemoteSlot remote="catalog" module="./Greeting" props={{ name: 'again' }} title="The catalog" />,
      {
        loadRegistry,
        loadModule,
      },
    );

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The catalog is unavailable right now.');
    expect(loadRegistry).toHaveBeenCalledTimes(1);

    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Hello again')).toBeTruthy();
    expect(loadRegistry).toHaveBeenCalledTimes(2);
    expect(loadModule).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('stays on the fallback when the retry fails too', async () => {
    const user = userEvent.setup();
    const loadModule = vi.fn<RemoteModuleLoader>().mockRejectedValue(new Error('still down'));
    renderWithProviders(<RemoteSlot remote="catalog" module="./Greeting" title="The catalog" />, {
      loadRegistry: okRegistry(),
      loadModule,
    });
    await user.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Retry' }));
    await vi.waitFor(() => expect(loadModule).toHaveBeenCalledTimes(2));
    expect((await screen.findByRole('alert')).textContent).toContain('The catalog is unavailable right now.');
  });

  it('catches a remote component that throws while rendering; the rest of the page keeps working', async () => {
    const user = userEvent.setup();
    const loadModule = vi.fn<RemoteModuleLoader>(async (_remote, module) =>
      module === './FeaturedProducts' ? moduleOf(Broken) : moduleOf(() => <p>loaded {module}</p>),
    );
    renderApp('/', { loadRegistry: okRegistry(), loadModule });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Featured products is unavailable right now.');
    expect(await screen.findByText('loaded ./CatalogPage')).toBeTruthy();
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('contentinfo')).toBeTruthy();
    expect(window.__STOREFRONT__?.remoteFailures).toEqual([
      expect.objectContaining({ id: 'catalog/FeaturedProducts', remote: 'catalog', lifecycle: 'render' }),
    ]);

    // Navigation still works while a slot is down.
    await user.click(screen.getByRole('link', { name: 'Cart' }));
    expect(document.querySelector('main [data-module="./CartPage"]')).not.toBeNull();
  });

  it('retries a component that threw while rendering', async () => {
    const user = userEvent.setup();
    flaky.healthy = false;
    const loadModule = vi.fn<RemoteModuleLoader>(async () => moduleOf(Flaky));
    renderWithProviders(<RemoteSlot remote="catalog" module="./Flaky" title="Flaky" />, {
      loadRegistry: okRegistry(),
      loadModule,
    });
    const alert = await screen.findByRole('alert');
    flaky.healthy = true;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('recovered')).toBeTruthy();
    expect(loadModule).toHaveBeenCalledTimes(2);
  });

  it('shows every slot’s fallback when the registry cannot be loaded, and recovers on Retry', async () => {
    const user = userEvent.setup();
    const loadRegistry = vi
      .fn<() => Promise<Registry>>()
      .mockRejectedValueOnce(new RegistryError('The registry answered 503'))
      .mockResolvedValue(LOCAL_REGISTRY);
    const loadModule = vi.fn<RemoteModuleLoader>(async (_remote, module) =>
      moduleOf(() => <p>loaded {module}</p>),
    );
    renderApp('/', { loadRegistry, loadModule });

    const alerts = await screen.findAllByRole('alert');
    expect(alerts).toHaveLength(2);
    expect(loadModule).not.toHaveBeenCalled();
    expect(screen.getByRole('contentinfo').textContent).toContain('Remote registry unavailable');

    const [featured] = alerts;
    if (!featured) throw new Error('no alert');
    await user.click(within(featured).getByRole('button', { name: 'Retry' }));
    // The registry is back: both slots load, not only the one whose Retry was clicked.
    expect(await screen.findByText('loaded ./FeaturedProducts')).toBeTruthy();
    expect(await screen.findByText('loaded ./CatalogPage')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('fails alone when its remote is missing from the registry', async () => {
    const loadModule = vi.fn<RemoteModuleLoader>(async () => moduleOf(Greeting));
    renderWithProviders(<RemoteSlot remote="catalog" module="./Greeting" title="The catalog" />, {
      loadRegistry: async () => ({ schemaVersion: 1, remotes: {} }),
      loadModule,
    });
    expect((await screen.findByRole('alert')).textContent).toContain('The catalog is unavailable right now.');
    expect(loadModule).not.toHaveBeenCalled();
  });

  it('refuses a module without a default export component', async () => {
    renderWithProviders(<RemoteSlot remote="catalog" module="./Greeting" title="The catalog" />, {
      loadRegistry: okRegistry(),
      loadModule: async () => ({ notDefault: Greeting }),
    });
    expect(await screen.findByRole('alert')).toBeTruthy();
  });
});
