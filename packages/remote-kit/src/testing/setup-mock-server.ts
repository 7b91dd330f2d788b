import { cleanup } from '@testing-library/react';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * The msw server's life in a test run; call it from the vitest setup file. It listens before the first test (a
 * request no handler answers fails the test), and after each test unmounts what was rendered, drops the handlers
 * the test added with `server.use(...)`, then calls `reset` for the remote's own module state (stores, mocks).
 */
export function setupMockServer(server: SetupServer, reset?: () => void): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    cleanup();
    server.resetHandlers();
    reset?.();
  });
  afterAll(() => server.close());
}
