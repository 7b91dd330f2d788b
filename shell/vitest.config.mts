import { defineConfig, type Plugin } from 'vitest/config';

const REMOTE_MODULE = /^(?:catalog|cart|account)\/\w+$/;
const STUB_PREFIX = '\0remote-module-stub:';

/**
 * The monolith build's `catalog/CatalogPage` etc. (webpack aliases them to the remotes' files) become stubs
 * that print their id: the shell's tests never load a remote's source.
 */
function remoteModuleStubs(): Plugin {
  return {
    name: 'remote-module-stubs',
    enforce: 'pre',
    resolveId: (id) => (REMOTE_MODULE.test(id) ? `${STUB_PREFIX}${id}` : null),
    load(id) {
      if (!id.startsWith(STUB_PREFIX)) return null;
      const text = JSON.stringify(`bundled ${id.slice(STUB_PREFIX.length)}`);
      return `import { createElement } from 'react';\nexport default () => createElement('p', null, ${text});\n`;
    },
  };
}

export default defineConfig({
  plugins: [remoteModuleStubs()],
  test: {
    name: 'shell',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
  },
});
