import { accountMockStore, resetCartMocks } from '@storefront/mocks';
import { setupMockServer } from '@storefront/remote-kit/testing';
import { cartStore } from '../features/cart/api/get-cart';
import { server } from './server';

setupMockServer(server, () => {
  // The cart is module state shared by the exposed components; every test starts from a fresh one.
  cartStore.reset();
  resetCartMocks();
  accountMockStore.reset();
  server.events.removeAllListeners();
});
