import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StandaloneApp } from './app/standalone-app';

/** In development the standalone page talks to msw instead of a BFF. */
async function enableMocking(): Promise<void> {
  // A constant condition in production: webpack drops the branch, so msw never reaches the production build.
  if (process.env.NODE_ENV === 'development') {
    const { startMockWorker } = await import('@storefront/mocks/browser');
    await startMockWorker();
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
  console.error('[cart] could not start the mock worker; rendering against the real API', error);
  render();
});
