import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'router',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
