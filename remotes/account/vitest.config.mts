import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'account',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/testing/setup-tests.ts'],
  },
});
