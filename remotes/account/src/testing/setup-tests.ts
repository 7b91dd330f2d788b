import { accountMockStore } from '@storefront/mocks';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { sessionStore } from '../features/session/session-store';
import { server } from './server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  // Both sides keep a session: start every test signed out and not loaded.
  accountMockStore.reset();
  sessionStore.reset();
});
afterAll(() => server.close());
