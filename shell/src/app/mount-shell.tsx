import { BrowserRouter } from '@storefront/router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type ShellServices } from './app';

/** Renders the shell into `#root` with the given services (federated or monolith). */
export function mountShell(services: ShellServices): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');

  // The router provider comes from the shared contract, not react-router: loading it here, before any remote,
  // makes the shell's copy of @storefront/router the loaded one that every remote gets (the 'loaded-first'
  // share strategy), even from a remote that bundles a newer copy. Its BrowserRouter is this build's
  // react-router, so the shell's own routes and the remotes' links share one router.
  createRoot(container).render(
    <StrictMode>
      <BrowserRouter>
        <App services={services} />
      </BrowserRouter>
    </StrictMode>,
  );
}
