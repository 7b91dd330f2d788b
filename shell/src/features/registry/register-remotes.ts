import { registerRemotes } from '@module-federation/enhanced/runtime';
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
 * soon as it is there starts downloading the remoteEntry.js of the remotes that the page at `pathname` renders
 * (those whose registry entry names it, and that the composed page does not already preload). Nothing here can
 * fail the page: errors surface in the first `loadRegistryAndRegisterRemotes()` call and in each slot's own
 * loadRemote.
 */
export function startRegistryLoad(remotesToWarm: readonly string[]): void {
  // The page's own registry when the host composed one in: the page and its hints name the same releases, and
  // a page opened before a deploy keeps the registry it was composed with.
  const load = registerFromRegistry(pageRegistry);
  early = load;
  load.then(
    (registry) => {
      const preloaded = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')];
      for (const name of remotesToWarm) {
        const href = registry.remotes[name]?.remoteEntry;
        if (href === undefined || preloaded.some((l) => l.href === href)) continue;
        // A plain preload: the runtime's <script> for the same URL then reuses the download.
        const link = Object.assign(document.createElement('link'), { rel: 'preload', as: 'script', href });
        document.head.append(link);
      }
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
  // The script when the registry names it; else the manifest, which manifest-entry-plugin.ts resolves.
  registerRemotes(
    Object.entries(registry.remotes).map(([name, remote]) => ({
      name,
      entry: remote.remoteEntry ?? remote.entry,
    })),
    { force: true },
  );
  return registry;
}
