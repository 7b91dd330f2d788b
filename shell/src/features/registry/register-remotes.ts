import { preloadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import { errorMessage, recordRemoteFailure } from '../remotes';
import { fetchRegistry, REGISTRY_URL, type Registry, readInlineRegistry } from './registry';

/** The load started by `startRegistryLoad()`, handed to the first `loadRegistryAndRegisterRemotes()` call. */
let early: Promise<Registry> | null = null;

/**
 * Loads the registry and (re-)registers every remote with the Module Federation runtime. `force: true`
 * replaces an existing registration, which also drops the runtime's cached manifest, container and failed
 * loads for that remote, so the next loadRemote really goes to the network again.
 *
 * The first call takes over the load `startRegistryLoad()` began (if any); every later call (Retry) loads
 * the registry again.
 */
export function loadRegistryAndRegisterRemotes(): Promise<Registry> {
  const pending = early;
  early = null;
  return pending ?? registerFromRegistry();
}

/**
 * Starts loading the registry at start-up, before the shell's own chunks (React, the app) have arrived, and as
 * soon as it is there starts downloading the entry scripts (manifest, then remoteEntry.js) of the remotes that
 * the page at `pathname` renders. Nothing here can fail the page: errors surface in the first
 * `loadRegistryAndRegisterRemotes()` call and in each slot's own loadRemote.
 */
export function startRegistryLoad(remotesToWarm: readonly string[]): void {
  // The page's own registry when the host composed one in: the page and its hints name the same releases, and
  // a page opened before a deploy keeps the registry it was composed with.
  const load = registerFromRegistry(pageRegistry);
  early = load;
  load.then(
    (registry) => {
      const names = remotesToWarm.filter((name) => Object.hasOwn(registry.remotes, name));
      if (names.length === 0) return;
      // Entry scripts only (`filter` drops the exposed modules' chunks): each slot's loadRemote then finds
      // the container loaded and fetches just the chunks of the module it shows. Failures are the slot's to
      // report; preloadRemote collects them instead of throwing.
      preloadRemote(names.map((nameOrAlias) => ({ nameOrAlias, filter: () => false }))).catch(
        () => undefined,
      );
    },
    () => undefined,
  );
}

/** The registry inlined in the page, else `/registry.json`. */
async function pageRegistry(): Promise<Registry> {
  return readInlineRegistry() ?? fetchRegistry();
}

async function registerFromRegistry(load: () => Promise<Registry> = fetchRegistry): Promise<Registry> {
  let registry: Registry;
  try {
    registry = await load();
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
