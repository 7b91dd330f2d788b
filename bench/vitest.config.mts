import { defineConfig, type Plugin } from 'vitest/config';

const REMOTE_MODULE = /^(?:catalog|cart|account)\/\w+$/;
const STUB_PREFIX = '\0remote-module-stub:';

/**
 * The monolith's `catalog/CatalogPage` etc. (its webpack config aliases them to the remotes' files) become stubs
 * that print their id: the monolith's tests check its module table, not the remotes.
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
    name: 'bench',
    root: import.meta.dirname,
    // The monolith's tests (monolith/*.test.ts) ask for jsdom in their first line.
    environment: 'node',
    include: ['**/*.test.mjs', 'monolith/**/*.test.ts'],
    exclude: ['tmp/**', 'node_modules/**', 'monolith/dist/**'],
  },
});
