import { loadRemote, registerPlugins } from '@module-federation/enhanced/runtime';
import { RetryPlugin } from '@module-federation/retry-plugin';
import { errorLoadRemotePlugin } from './error-load-remote-plugin';

/**
 * Installs the runtime plugins before any remote is requested: layer 1 (retry the manifest fetch and the
 * entry script a few times) and layer 2 (record what still fails).
 */
export function installRemotePlugins(): void {
  registerPlugins([
    RetryPlugin({
      // 0.17.1 waits a fixed 1 s between manifest attempts (its fetch retryDelay is not applied).
      fetch: { retryTimes: 2 },
      script: { retryTimes: 2, retryDelay: 500 },
    }),
    errorLoadRemotePlugin(),
  ]);
}

/** Loads `./Module` of `remote` through the MF runtime (never cached by us, so a retry loads again). */
export function loadFederatedModule(remote: string, module: string): Promise<unknown> {
  return loadRemote<unknown>(`${remote}/${module.replace(/^\.\//, '')}`);
}
