import { defineConfig } from 'vitest/config';

// The choreography suite (issue 13): the catalog and cart services on real ports and real SQLite files, their
// consumers talking through each transport (the pull feed, and NATS JetStream on a real nats-server).
export default defineConfig({
  test: {
    name: 'choreography',
    root: import.meta.dirname,
    environment: 'node',
    include: ['*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
