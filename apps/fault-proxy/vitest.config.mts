import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'fault-proxy',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
