import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download cannot work on these machines (see README).
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/lib/browser.mjs';
import type { Transport } from './support/fixtures.js';
import { CHOREOGRAPHY } from './support/tags.js';

export default defineConfig<object, { transport: Transport }>({
  testDir: './tests',
  outputDir: './test-results',
  // One stack per worker and tests that stop its processes: run them one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
    },
  },
  // One stack per project: the services' domain events over the pull feed (every spec), then over NATS JetStream
  // (the choreographed checkout's specs only: the other specs do not depend on how events travel).
  projects: [
    { name: 'feed', use: { transport: 'feed' } },
    { name: 'nats', use: { transport: 'nats' }, grep: new RegExp(CHOREOGRAPHY) },
  ],
});
