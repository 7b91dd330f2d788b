import type { ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';
import { errorMessage, recordRemoteFailure } from './remote-failures';

/**
 * Layer 2 of the defence: records every remote that still fails after the retries. It returns nothing,
 * so the runtime rethrows the original error and the slot that asked shows its fallback.
 */
export function errorLoadRemotePlugin(): ModuleFederationRuntimePlugin {
  return {
    name: 'storefront-error-load-remote',
    errorLoadRemote({ id, error, lifecycle, remote }) {
      recordRemoteFailure({ id, remote: remote?.name, lifecycle, message: errorMessage(error) });
      return undefined;
    },
  };
}

export default errorLoadRemotePlugin;
