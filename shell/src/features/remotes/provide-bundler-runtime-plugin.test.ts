import { afterEach, describe, expect, it } from 'vitest';
import provideBundlerRuntimePlugin, { BUNDLER_RUNTIME_GLOBAL } from './provide-bundler-runtime-plugin';

type Published = {
  bundlerRuntime: Record<string, unknown>;
  attachShareScopeMap: unknown;
};

describe('provideBundlerRuntimePlugin', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, BUNDLER_RUNTIME_GLOBAL);
  });

  it('publishes the functions a container takes (remote-kit/federation/bundler-runtime.mjs), no state', () => {
    expect(Reflect.get(globalThis, BUNDLER_RUNTIME_GLOBAL)).toBeUndefined();
    expect(provideBundlerRuntimePlugin().name).toBe('provide-bundler-runtime-plugin');
    const published = Reflect.get(globalThis, BUNDLER_RUNTIME_GLOBAL) as Published;
    for (const fn of ['consumes', 'I', 'installInitialConsumes', 'initContainerEntry', 'init'])
      expect(typeof published.bundlerRuntime[fn], fn).toBe('function');
    expect(typeof published.attachShareScopeMap).toBe('function');
    // The share-scope object `S` and the runtime (with its FederationInstance) stay each container's own.
    expect(Object.keys(published)).toEqual(['bundlerRuntime', 'attachShareScopeMap']);
    expect('S' in published.bundlerRuntime).toBe(false);
    expect(Object.isFrozen(published)).toBe(true);
  });
});
