// Stands in for `@module-federation/webpack-bundler-runtime/dist/bundler.js` in a remote's production container
// (decision 014, "one MF runtime per page"): same default export (the object the container entry copies into
// `__webpack_require__.federation`), but the stateless bundler-runtime functions come from the shell, which
// publishes its own copy as `_FEDERATION_BUNDLER_RUNTIME` (shell/src/features/remotes/provide-bundler-runtime-plugin.ts).
// What holds state stays the container's: `@module-federation/runtime` (its module-level FederationInstance: a
// shared one would be replaced by each container's `init`), `bundlerRuntime.S`, and the `instance`/`initOptions`
// slots. (The shell adds `initContainerEntry` to what it publishes: its own bundler runtime has none.)
// `runtime` carries only what the bundler runtime calls on it (`init`; `getRemoteEntry` for shared fallbacks) and
// `getInstance`: the whole namespace would keep every other export and, through their asserts, the error-code texts.
import { getInstance, getRemoteEntry, init } from '@module-federation/runtime';

const provided = globalThis._FEDERATION_BUNDLER_RUNTIME;
if (!provided) {
  // A shell built before provides none: the deploy guard refuses that pairing (`+bundler-runtime` in the release's
  // mfRuntime, scripts/lib/release-compat.mjs); this is the error if the container is loaded anyway.
  throw new Error(
    'this Module Federation container needs the host page to provide _FEDERATION_BUNDLER_RUNTIME: ' +
      'load it from a shell built with that runtime (decision 014)',
  );
}
const shell = provided.bundlerRuntime;

export default {
  runtime: { init, getInstance, getRemoteEntry },
  instance: undefined,
  initOptions: undefined,
  bundlerRuntime: {
    // A container loads no remotes (`disableRemote`): no `remotes`.
    consumes: shell.consumes,
    I: shell.I,
    S: {},
    installInitialConsumes: shell.installInitialConsumes,
    initContainerEntry: shell.initContainerEntry,
    init: shell.init,
    getSharedFallbackGetter: shell.getSharedFallbackGetter,
  },
  attachShareScopeMap: provided.attachShareScopeMap,
  bundlerRuntimeOptions: {},
};
