import { accountMockStore, resetCartMocks } from '@storefront/mocks';
import { setupMockServer } from '@storefront/remote-kit/testing';
import { sessionStore } from '../features/session/session-store';
import { server } from './server';

setupMockServer(server, () => {
  // Both sides keep a session: start every test signed out and not loaded, with the seeded orders only.
  accountMockStore.reset();
  resetCartMocks();
  sessionStore.reset();
});
