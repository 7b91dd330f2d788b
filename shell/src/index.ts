import { startRegistryLoad } from './features/registry/register-remotes';
import { installRemotePlugins } from './features/remotes/federation';
import { remotesForPath } from './features/remotes/route-remotes';

// Before the async boundary, so that the registry, the remotes' manifests and entry scripts download while the
// shell's own chunks (React, react-router, the app) are still on their way. The plugins come first: every load
// goes through the retry and failure-recording plugins.
installRemotePlugins();
startRegistryLoad(remotesForPath(window.location.pathname));

import('./bootstrap');
