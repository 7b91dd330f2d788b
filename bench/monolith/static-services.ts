import type { ShellServices } from '../../shell/src/app/app';
import { REMOTE_NAMES, type Registry } from '../../shell/src/features/registry';
import { type RemoteModuleLoader, recordRemoteFailure } from '../../shell/src/features/remotes';

/** Module objects by remote and exposed name, e.g. `{ catalog: { './CatalogPage': module } }`. */
export type StaticModuleTable = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Every remote the shell places, as modules already in the bundle: `entry` is a label, there is nothing to fetch. */
export const MONOLITH_REGISTRY: Registry = {
  schemaVersion: 1,
  remotes: Object.fromEntries(
    REMOTE_NAMES.map((name) => [name, { entry: `monolith:${name}`, release: 'monolith' }]),
  ),
};

/**
 * A loader over modules that are already in the bundle. An unknown module rejects (and is recorded like a
 * failed federated load), so its slot shows the same fallback as in the federated build.
 */
export function createStaticModuleLoader(table: StaticModuleTable): RemoteModuleLoader {
  return (remote, module) => {
    const modules = Object.hasOwn(table, remote) ? table[remote] : undefined;
    if (modules && Object.hasOwn(modules, module)) return Promise.resolve(modules[module]);
    const id = `${remote}/${module.replace(/^\.\//, '')}`;
    const message = `"${id}" is not in the monolith build`;
    recordRemoteFailure({ id, remote, lifecycle: 'monolith', message });
    return Promise.reject(new Error(message));
  };
}

/** The shell's services in the monolith build: a static registry and the bundled modules, no network. */
export function monolithServices(table: StaticModuleTable): ShellServices {
  return {
    loadRegistry: () => Promise.resolve(MONOLITH_REGISTRY),
    loadModule: createStaticModuleLoader(table),
  };
}
