// Orders placed before the mocks started: `/api/orders` is the cart service's, so they live with the cart.
import type { Order, OrderLine } from '@storefront/contract/browser';
import { demoUser } from '../account/fixtures';

/** An order with the shopper it belongs to (the answer itself does not name them). */
export interface OwnedOrder {
  userId: number;
  order: Order;
}

// Prices are what the order was sold at, which may differ from today's fixtures.
function line(productId: number, name: string, unitPriceCents: number, quantity: number): OrderLine {
  return {
    productId,
    name,
    unitPriceCents,
    currency: 'USD',
    quantity,
    lineTotalCents: unitPriceCents * quantity,
  };
}

function demoOrder(id: number, createdAt: string, lines: OrderLine[]): OwnedOrder {
  return {
    userId: demoUser.id,
    order: {
      id,
      checkoutId: `checkout-${id}`,
      status: 'placed',
      lines,
      itemCount: lines.reduce((sum, item) => sum + item.quantity, 0),
      totalCents: lines.reduce((sum, item) => sum + item.lineTotalCents, 0),
      currency: 'USD',
      shippingAddress: demoUser.shippingAddress,
      createdAt,
    },
  };
}

/** The demo user's two orders, oldest first (the routes answer newest first). */
export const seedOrders: readonly OwnedOrder[] = [
  demoOrder(1001, '2025-03-02T10:15:00.000Z', [line(1, 'Cast Iron Skillet', 3900, 1)]),
  demoOrder(1002, '2025-05-20T16:40:00.000Z', [
    line(17, 'Linen Throw', 5900, 2),
    line(13, 'Standing Desk', 34900, 1),
  ]),
];
