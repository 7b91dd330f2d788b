import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'catalog-service',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
