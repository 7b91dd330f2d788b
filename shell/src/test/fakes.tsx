import { render } from '@testing-library/react';
import type { ComponentType, ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { App, type ShellServices } from '../app/app';
import type { Registry } from '../features/registry/registry';
import { RegistryProvider } from '../features/registry/registry-context';
import { RemoteLoaderProvider, type RemoteModuleLoader } from '../features/remotes/remote-loader-context';

/** The registry of a local run. */
export const LOCAL_REGISTRY: Registry = {
  schemaVersion: 1,
  remotes: {
    catalog: { entry: 'https://catalog.example.test/mf-manifest.json', release: 'local' },
    cart: { entry: 'https://cart.example.test/mf-manifest.json', release: 'local' },
    account: { entry: 'https://account.example.test/mf-manifest.json', release: 'local' },
  },
};

/** A module object as loadRemote returns it. */
export function moduleOf(component: ComponentType<Record<string, unknown>>): { default: typeof component } {
  return { default: component };
}

/** A stand-in for every exposed module of every remote: prints its name and props. */
export function fakeCatalogLoader(): RemoteModuleLoader {
  return async (_remote, module) =>
    moduleOf((props: Record<string, unknown>) => (
      <p>
        remote {module} {JSON.stringify(props)}
      </p>
    ));
}

/** Services with a working registry and the given loader. */
export function fakeServices(loadModule: RemoteModuleLoader = fakeCatalogLoader()): ShellServices {
  return { loadRegistry: vi.fn(async () => LOCAL_REGISTRY), loadModule };
}

/** Renders the whole shell at `url` with fake services. */
export function renderApp(url: string, services: ShellServices = fakeServices()) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <App services={services} />
    </MemoryRouter>,
  );
}

/** Renders `ui` inside the two providers a RemoteSlot needs. */
export function renderWithProviders(
  ui: ReactNode,
  { loadRegistry, loadModule }: { loadRegistry: () => Promise<Registry>; loadModule: RemoteModuleLoader },
) {
  return render(
    <MemoryRouter>
      <RegistryProvider load={loadRegistry}>
        <RemoteLoaderProvider loader={loadModule}>{ui}</RemoteLoaderProvider>
      </RegistryProvider>
    </MemoryRouter>,
  );
}
