import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'remote-kit',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
