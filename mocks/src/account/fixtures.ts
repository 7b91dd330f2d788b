// Seed data of the mocked account and order routes (docs/cart-and-account.md).

/** `shippingAddress` of a profile or an order. */
export interface ShippingAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** Two letters, e.g. `US`. */
  country: string;
}

/** A user as `/api/account/me` shows it. */
export interface AccountUser {
  id: string;
  email: string;
  name: string;
}

/** One line of a placed order. */
export interface OrderLine {
  productId: string;
  name: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  lineTotalCents: number;
}

/** An order as `GET /api/orders` returns it. */
export interface AccountOrder {
  id: string;
  userId: string;
  checkoutId: string;
  status: 'placed';
  lines: OrderLine[];
  itemCount: number;
  totalCents: number;
  currency: string;
  shippingAddress: ShippingAddress | null;
  createdAt: string;
}

/** A seeded user with the password the mock accepts (mocks only; the real service stores scrypt hashes). */
export interface SeedUser extends AccountUser {
  password: string;
  shippingAddress: ShippingAddress | null;
}

/** The demo shopper: has a profile address and two orders. */
export const demoUser: SeedUser = {
  id: 'u-1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  password: 'correct-horse',
  shippingAddress: { line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
};

/** A second shopper without orders or address. */
export const secondUser: SeedUser = {
  id: 'u-2',
  email: 'grace@example.com',
  name: 'Grace Hopper',
  password: 'compiler-1952',
  shippingAddress: null,
};

/** Every seeded user. */
export const seedUsers: readonly SeedUser[] = [demoUser, secondUser];

function line(productId: string, name: string, unitPriceCents: number, quantity: number): OrderLine {
  return {
    productId,
    name,
    unitPriceCents,
    currency: 'USD',
    quantity,
    lineTotalCents: unitPriceCents * quantity,
  };
}

function order(id: string, createdAt: string, lines: OrderLine[]): AccountOrder {
  return {
    id,
    userId: demoUser.id,
    checkoutId: `checkout-${id}`,
    status: 'placed',
    lines,
    itemCount: lines.reduce((sum, item) => sum + item.quantity, 0),
    totalCents: lines.reduce((sum, item) => sum + item.lineTotalCents, 0),
    currency: 'USD',
    shippingAddress: demoUser.shippingAddress,
    createdAt,
  };
}

/** The demo user's orders, listed oldest first (the routes answer newest first). */
export const seedOrders: readonly AccountOrder[] = [
  order('ord-1001', '2025-03-02T10:15:00.000Z', [line('p-001', 'Cast Iron Skillet', 3900, 1)]),
  order('ord-1002', '2025-05-20T16:40:00.000Z', [
    line('p-002', 'Linen Throw', 5900, 2),
    line('p-003', 'Standing Desk', 34900, 1),
  ]),
];
