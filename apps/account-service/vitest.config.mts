import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'account-service',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
