import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'scripts',
    // Explicit, so that `--config scripts/vitest.config.mts` from the repo root finds the same files.
    root: import.meta.dirname,
    environment: 'node',
    // Relative to the root above: every scripts/**/*.test.mjs.
    include: ['**/*.test.mjs'],
  },
});
