import { loadRemote, registerPlugins } from '@module-federation/enhanced/runtime';
import { errorLoadRemotePlugin } from './error-load-remote-plugin';
import { manifestEntryPlugin } from './manifest-entry-plugin';
import { retryLoadPlugin } from './retry-load-plugin';

/**
 * Installs the runtime plugins before any remote is requested: layer 1 (retry the manifest fetch and the
 * entry script a few times) and layer 2 (record what still fails).
 */
export function installRemotePlugins(): void {
  registerPlugins([
    manifestEntryPlugin({ retries: 2, delayMs: 1000 }),
    retryLoadPlugin({ script: { retries: 2, delayMs: 500 } }),
    errorLoadRemotePlugin(),
  ]);
}

/** Loads `./Module` of `remote` through the MF runtime (never cached by us, so a retry loads again). */
export function loadFederatedModule(remote: string, module: string): Promise<unknown> {
  return loadRemote<unknown>(`${remote}/${module.replace(/^\.\//, '')}`);
}
