import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App, type ShellServices } from './app/app';
import { loadRegistryAndRegisterRemotes } from './features/registry/register-remotes';
import { installRemotePlugins, loadFederatedModule } from './features/remotes/federation';

installRemotePlugins();

const services: ShellServices = {
  loadRegistry: loadRegistryAndRegisterRemotes,
  loadModule: loadFederatedModule,
};

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <BrowserRouter>
      <App services={services} />
    </BrowserRouter>
  </StrictMode>,
);
