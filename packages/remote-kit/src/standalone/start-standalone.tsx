import { type ReactNode, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/** Props of {@link startStandalone}. */
export interface StandaloneOptions {
  /** The remote's name, for the console, e.g. `catalog`. */
  name: string;
  /** The page, e.g. `<StandaloneApp />`. */
  app: ReactNode;
}

/** In development the standalone page talks to msw instead of a BFF. */
async function startMocks(): Promise<void> {
  // A constant condition in production (each remote's webpack defines NODE_ENV, for this file too): webpack
  // drops the branch, so msw and the mocks never reach a production build.
  if (process.env.NODE_ENV === 'development') {
    const { startMockWorker } = await import('@storefront/mocks/browser');
    await startMockWorker();
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
export function startStandalone({ name, app }: StandaloneOptions): Promise<Root> {
  return startMocks().then(
    () => render(app),
    (error: unknown) => {
      console.error(`[${name}] could not start the mock worker; rendering against the real API`, error);
      return render(app);
    },
  );
}
