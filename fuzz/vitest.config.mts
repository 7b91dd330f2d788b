import { defineConfig } from 'vitest/config';

// The fuzz suite: one file that starts the whole stack in-process on free ports and fuzzes every route.
export default defineConfig({
  test: {
    name: 'fuzz',
    root: import.meta.dirname,
    environment: 'node',
    include: ['*.test.ts'],
    // Thousands of requests: each route's property runs up to FUZZ_RUNS inputs; a few routes at a time.
    testTimeout: 600_000,
    hookTimeout: 60_000,
    maxConcurrency: 4,
  },
});
