// The frame first (the page's inlined critical CSS is the same rules), then the rest.
import './frame.css';
import './styles.css';
import type { ShellServices } from './app/app';
import { mountShell } from './app/mount-shell';
import { loadRegistryAndRegisterRemotes, startRegistryLoad } from './features/registry/register-remotes';
import { installRemotePlugins, loadFederatedModule } from './features/remotes/federation';
import { remotesForPath } from './features/remotes/route-remotes';

// Plugins first: every load goes through the retry and failure-recording plugins. Then the registry and the
// entry scripts of the remotes this page shows start downloading before React renders (index.ts stays only
// the async boundary: nothing may run before the shared modules are negotiated).
installRemotePlugins();
startRegistryLoad(remotesForPath(window.location.pathname));

const services: ShellServices = {
  loadRegistry: loadRegistryAndRegisterRemotes,
  loadModule: loadFederatedModule,
};

mountShell(services);
