import { createMockServer } from '@storefront/mocks/node';

/** The msw server every component test shares; tests switch scenarios with `server.use(...)`. */
export const server = createMockServer('normal');
