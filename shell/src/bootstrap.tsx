import './styles.css';
import type { ShellServices } from './app/app';
import { mountShell } from './app/mount-shell';
import { loadRegistryAndRegisterRemotes } from './features/registry/register-remotes';
import { loadFederatedModule } from './features/remotes/federation';

// The remote plugins are installed and the registry is already loading: see index.ts.

const services: ShellServices = {
  loadRegistry: loadRegistryAndRegisterRemotes,
  loadModule: loadFederatedModule,
};

mountShell(services);
