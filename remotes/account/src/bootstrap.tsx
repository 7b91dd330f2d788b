import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StandaloneApp } from './app/standalone-app';

/** In development the standalone page talks to msw instead of a BFF. */
async function enableMocking(): Promise<void> {
  // A constant condition in production: webpack drops the branch, so msw never reaches the production build.
  if (process.env.NODE_ENV === 'development') {
    const [{ startMockWorker }, { accountHandlers }] = await Promise.all([
      import('@storefront/mocks/browser'),
      import('@storefront/mocks'),
    ]);
    // The account set's seeded orders win over the cart set's (empty) ones on this standalone page.
    await startMockWorker({ preferHandlers: (scenario) => accountHandlers[scenario] });
  }
}

function render(): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('The standalone page has no #root element');
  createRoot(container).render(
    <StrictMode>
      <StandaloneApp />
    </StrictMode>,
  );
}

enableMocking().then(render, (error: unknown) => {
  console.error('[account] could not start the mock worker; rendering against the real API', error);
  render();
});
