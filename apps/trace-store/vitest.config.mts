import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'trace-store',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
