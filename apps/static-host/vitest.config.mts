import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'static-host',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
