import { accountHandlers } from '@storefront/mocks';
import { createMockServer } from '@storefront/mocks/node';

/**
 * The msw server every component test shares; tests switch scenarios with `server.use(...)`. The account set
 * goes first so its seeded orders (which need a session) win over the cart set's `/api/orders`.
 */
export const server = createMockServer('normal', ...accountHandlers.normal);
