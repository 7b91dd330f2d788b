import { accountMockStore, resetCartMocks } from '@storefront/mocks';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cartStore } from '../features/cart/api/get-cart';
import { server } from './server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  // The cart is module state shared by the exposed components; every test starts from a fresh one.
  cartStore.reset();
  resetCartMocks();
  accountMockStore.reset();
  server.events.removeAllListeners();
});
afterAll(() => server.close());
