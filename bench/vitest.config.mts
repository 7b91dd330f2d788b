import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'bench',
    root: import.meta.dirname,
    environment: 'node',
    include: ['**/*.test.mjs'],
    exclude: ['tmp/**', 'node_modules/**'],
  },
});
