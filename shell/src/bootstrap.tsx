import './styles.css';
import type { ShellServices } from './app/app';
import { mountShell } from './app/mount-shell';
import { loadRegistryAndRegisterRemotes } from './features/registry/register-remotes';
import { installRemotePlugins, loadFederatedModule } from './features/remotes/federation';

installRemotePlugins();

const services: ShellServices = {
  loadRegistry: loadRegistryAndRegisterRemotes,
  loadModule: loadFederatedModule,
};

mountShell(services);
