import type { ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';
import { attachShareScopeMap, bundlerRuntime } from '@module-federation/webpack-bundler-runtime';
// The shell exposes nothing, so its bundlerRuntime has no initContainerEntry (compiled out): the containers need it.
import { initContainerEntry } from '@module-federation/webpack-bundler-runtime/dist/initContainerEntry.js';

/** The global the remotes' production containers take their bundler-runtime functions from (decision 014). */
export const BUNDLER_RUNTIME_GLOBAL = '_FEDERATION_BUNDLER_RUNTIME';

/**
 * Publishes this build's `@module-federation/webpack-bundler-runtime` functions for the remotes' containers, the
 * way `_FEDERATION_RUNTIME_CORE` publishes runtime-core (decision 014): each container keeps its own
 * `@module-federation/runtime` (its FederationInstance) and its own `S`; the functions are stateless, they read
 * everything from the `webpackRequire` each container passes. Given as a build-time runtime plugin (shell's
 * webpack config), so the global is set before the shell's runtime initialises, i.e. before any remote loads.
 */
export default function provideBundlerRuntimePlugin(): ModuleFederationRuntimePlugin {
  // `S` is the shell's own share-scope slot: not published.
  const { S: _shellState, ...functions } = bundlerRuntime;
  Object.defineProperty(globalThis, BUNDLER_RUNTIME_GLOBAL, {
    value: Object.freeze({ bundlerRuntime: { ...functions, initContainerEntry }, attachShareScopeMap }),
    configurable: true,
  });
  return { name: 'provide-bundler-runtime-plugin' };
}
