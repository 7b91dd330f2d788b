import { BrowserRouter } from '@storefront/router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type ShellServices } from './app';

/** Renders the shell into `#root` with the given services (federated or monolith). */
export function mountShell(services: ShellServices): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');

  // The router provider comes from the shared contract, not react-router: loading it here, before any remote,
  // makes the shell's copy of @storefront/router the loaded singleton, which the MF runtime keeps for every remote
  // rather than switching to a remote's higher version (that copy would bring its own react-router). It is this
  // build's react-router, so the shell's own routes and the remotes' links share one router.
  createRoot(container).render(
    <StrictMode>
      <BrowserRouter>
        <App services={services} />
      </BrowserRouter>
    </StrictMode>,
  );
}
