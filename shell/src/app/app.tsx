import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from '../features/layout/components/layout';
import { HomePage } from '../features/pages/home-page';
import { NotFoundPage } from '../features/pages/not-found-page';
import { ProductPage } from '../features/pages/product-page';
import type { Registry } from '../features/registry/registry';
import { RegistryProvider } from '../features/registry/registry-context';
import { RemoteSlot } from '../features/remotes/components/remote-slot';
import { SlotSkeleton } from '../features/remotes/components/slot-skeleton';
import { RemoteLoaderProvider, type RemoteModuleLoader } from '../features/remotes/remote-loader-context';

/** What the shell needs from the outside world; the MF runtime in the browser, fakes in tests. */
export interface ShellServices {
  loadRegistry: () => Promise<Registry>;
  loadModule: RemoteModuleLoader;
}

/**
 * The resilience console is most of the shell's own code (~80 % of its app chunk) and no shopper page needs it:
 * a chunk of its own, from the shell's origin, fetched when /ops is opened (so it still works with every remote
 * down).
 */
const OpsPage = lazy(() =>
  import('../features/ops/components/ops-page').then(({ OpsPage: page }) => ({ default: page })),
);

/** The routes of the shell. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="products/:id" element={<ProductPage />} />
        {/* The keys give every route its own slot: React would otherwise reuse one RemoteSlot across them. */}
        <Route
          path="cart"
          element={<RemoteSlot key="cart" remote="cart" module="./CartPage" title="The cart" />}
        />
        <Route
          path="checkout"
          element={<RemoteSlot key="checkout" remote="cart" module="./Checkout" title="Checkout" />}
        />
        <Route
          path="signin"
          element={<RemoteSlot key="signin" remote="account" module="./SignIn" title="Sign-in" />}
        />
        <Route
          path="account"
          element={<RemoteSlot key="account" remote="account" module="./AccountPage" title="Your account" />}
        />
        {/* The shell's own page, in no remote slot: it keeps working when every remote is down. */}
        <Route
          path="ops"
          element={
            <Suspense fallback={<SlotSkeleton title="Resilience console" />}>
              <OpsPage />
            </Suspense>
          }
        />
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
