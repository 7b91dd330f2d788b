import { Route, Routes } from 'react-router';
import { Layout } from '../features/layout/components/layout';
import { ComingSoonPage } from '../features/pages/coming-soon-page';
import { HomePage } from '../features/pages/home-page';
import { NotFoundPage } from '../features/pages/not-found-page';
import { ProductPage } from '../features/pages/product-page';
import type { Registry } from '../features/registry/registry';
import { RegistryProvider } from '../features/registry/registry-context';
import { RemoteLoaderProvider, type RemoteModuleLoader } from '../features/remotes/remote-loader-context';

/** What the shell needs from the outside world; the MF runtime in the browser, fakes in tests. */
export interface ShellServices {
  loadRegistry: () => Promise<Registry>;
  loadModule: RemoteModuleLoader;
}

/** The routes of the shell. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="products/:id" element={<ProductPage />} />
        <Route path="cart" element={<ComingSoonPage title="Cart" />} />
        <Route path="account" element={<ComingSoonPage title="Account" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** The whole shell below a router. */
export function App({ services }: { services: ShellServices }) {
  return (
    <RegistryProvider load={services.loadRegistry}>
      <RemoteLoaderProvider loader={services.loadModule}>
        <AppRoutes />
      </RemoteLoaderProvider>
    </RegistryProvider>
  );
}
