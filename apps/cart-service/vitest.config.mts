import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'cart-service',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
