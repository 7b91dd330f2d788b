import type { StartMockWorkerOptions } from '@storefront/mocks/browser';
import { type ReactNode, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

type PreferHandlers = NonNullable<StartMockWorkerOptions['preferHandlers']>;

/** Props of {@link startStandalone}. */
export interface StandaloneOptions {
  /** The remote's name, for the console, e.g. `catalog`. */
  name: string;
  /** The page, e.g. `<StandaloneApp />`. */
  app: ReactNode;
  /**
   * Handlers placed before the scenario's (see `startMockWorker`), picked from `@storefront/mocks`; it is only
   * loaded in development, so the remote does not import it itself.
   */
  preferMocks?: (
    mocks: typeof import('@storefront/mocks'),
    ...args: Parameters<PreferHandlers>
  ) => ReturnType<PreferHandlers>;
}

/** In development the standalone page talks to msw instead of a BFF. */
async function startMocks(preferMocks: StandaloneOptions['preferMocks']): Promise<void> {
  // A constant condition in production (each remote's webpack defines NODE_ENV, for this file too): webpack
  // drops the branch, so msw and the mocks never reach a production build.
  if (process.env.NODE_ENV === 'development') {
    const [{ startMockWorker }, mocks] = await Promise.all([
      import('@storefront/mocks/browser'),
      preferMocks ? import('@storefront/mocks') : null,
    ]);
    await startMockWorker(
      mocks && preferMocks ? { preferHandlers: (scenario) => preferMocks(mocks, scenario) } : {},
    );
  }
}

function render(app: ReactNode): Root {
  const container = document.getElementById('root');
  if (!container) throw new Error('The standalone page has no #root element');
  const root = createRoot(container);
  root.render(<StrictMode>{app}</StrictMode>);
  return root;
}

/**
 * Starts a remote's standalone page (its `src/bootstrap.tsx`): the mocks in development, then `app` in `#root`.
 * A mock worker that cannot start is logged, and the page renders against the real API.
 */
export function startStandalone({ name, app, preferMocks }: StandaloneOptions): Promise<Root> {
  return startMocks(preferMocks).then(
    () => render(app),
    (error: unknown) => {
      console.error(`[${name}] could not start the mock worker; rendering against the real API`, error);
      return render(app);
    },
  );
}
