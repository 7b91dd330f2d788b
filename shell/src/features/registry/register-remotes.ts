import { registerRemotes } from '@module-federation/enhanced/runtime';
import { errorMessage, recordRemoteFailure } from '../remotes/remote-failures';
import { fetchRegistry, REGISTRY_URL, type Registry } from './registry';

/**
 * Loads the registry and (re-)registers every remote with the Module Federation runtime. `force: true`
 * replaces an existing registration, which also drops the runtime's cached manifest, container and failed
 * loads for that remote, so the next loadRemote really goes to the network again.
 */
export async function loadRegistryAndRegisterRemotes(): Promise<Registry> {
  let registry: Registry;
  try {
    registry = await fetchRegistry();
  } catch (err) {
    // Without a registry every slot shows its fallback; say why once, where the remote failures are.
    recordRemoteFailure({
      id: REGISTRY_URL,
      remote: undefined,
      lifecycle: 'registry',
      message: errorMessage(err),
    });
    throw err;
  }
  registerRemotes(
    Object.entries(registry.remotes).map(([name, remote]) => ({ name, entry: remote.entry })),
    { force: true },
  );
  return registry;
}
