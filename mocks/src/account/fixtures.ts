// Seed users of the mocked account routes (docs/cart-and-account.md); their orders are the cart's
// (`src/cart/seed-orders.ts`), as `/api/orders` is the cart service's.
import type { ShippingAddress, User } from '@storefront/contract/browser';

/** A seeded user with the password the mock accepts (mocks only; the real service stores scrypt hashes). */
export interface SeedUser extends User {
  password: string;
  shippingAddress: ShippingAddress | null;
}

/** The demo shopper: has a profile address and two orders. */
export const demoUser: SeedUser = {
  id: 1,
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  password: 'correct-horse',
  shippingAddress: { line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
};

/** A second shopper without orders or address. */
export const secondUser: SeedUser = {
  id: 2,
  email: 'grace@example.com',
  name: 'Grace Hopper',
  password: 'compiler-1952',
  shippingAddress: null,
};

/** Every seeded user. */
export const seedUsers: readonly SeedUser[] = [demoUser, secondUser];
